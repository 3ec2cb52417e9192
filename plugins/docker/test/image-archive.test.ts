import {describe, expect, it} from 'vitest'

import {ownNamePattern, renameForSlug} from '../src/image-archive.js'

const SCHEME = 'bottle/{slug}:{timestamp}'

describe('renameForSlug (import --as)', () => {
  it("gives another bottle's snapshot this bottle's name, the timestamp kept", () => {
    expect(renameForSlug(SCHEME, 'copy', 'bottle/src:20261130-073052-486')).toBe('bottle/copy:20261130-073052-486')
    expect(ownNamePattern(SCHEME, 'copy').test('bottle/copy:20261130-073052-486')).toBe(true)
  })

  it("leaves this bottle's own name, and a name outside the scheme (which the archive check refuses), alone", () => {
    expect(renameForSlug(SCHEME, 'src', 'bottle/src:20261130-073052-486')).toBeUndefined()
    expect(renameForSlug(SCHEME, 'copy', 'node:22')).toBeUndefined()
    expect(renameForSlug(SCHEME, 'copy', 'bottle/src:latest')).toBeUndefined()
    expect(renameForSlug(SCHEME, 'copy', 'evil/src:20261130-073052-486')).toBeUndefined()
  })
})
