import {describe, expect, it} from 'vitest'

import {INCLUDE_WORKSPACE, checkCommitMode, freezeWishes} from '../../src/ops/commit-mode.js'
import {BackendDeclarationSchema} from '../../src/contract/declaration.js'

const declared = (extra: Record<string, unknown> = {}) => BackendDeclarationSchema.parse({freezer: './f.js', ...extra})

describe('commit --live, --stop, --include-workspace against the backend declaration', () => {
  it('accepts --live only from a backend that declares a live freeze, and names the way out otherwise', () => {
    expect(() => checkCommitMode('vm', declared({live: {keeps: 'memory', since: '1.13.1'}}), {live: true})).not.toThrow()
    expect(() => checkCommitMode('odd', declared(), {live: true})).toThrow(
      expect.objectContaining({
        code: 'BOTTLE_BAD_INPUT',
        message: 'backend "odd" cannot freeze a bottle without stopping it (see bottle backends); commit without --live, and it asks before stopping a running bottle',
      }),
    )
    expect(() => checkCommitMode('odd', undefined, {live: true})).toThrow(expect.objectContaining({code: 'BOTTLE_BAD_INPUT'}))
  })

  it('accepts --include-workspace only from a backend with the capability', () => {
    expect(() => checkCommitMode('vm', declared({capabilities: [INCLUDE_WORKSPACE]}), {includeWorkspace: true})).not.toThrow()
    expect(() => checkCommitMode('docker', declared({live: {keeps: 'filesystem'}}), {includeWorkspace: true})).toThrow(expect.objectContaining({code: 'BOTTLE_BAD_INPUT'}))
  })

  it('refuses --live with --stop, and passes nothing not asked for to the freezer', () => {
    expect(() => checkCommitMode('vm', declared({live: {keeps: 'filesystem'}}), {live: true, stop: true})).toThrow(expect.objectContaining({code: 'BOTTLE_BAD_INPUT'}))
    expect(freezeWishes({})).toEqual({})
    expect(freezeWishes({live: false, stop: true})).toEqual({})
    expect(freezeWishes({live: true, includeWorkspace: true})).toEqual({live: true, includeWorkspace: true})
  })

  it('reads `live` in the declaration: memory or filesystem, an optional release, nothing else', () => {
    expect(declared({live: {keeps: 'filesystem'}}).live).toEqual({keeps: 'filesystem'})
    for (const live of [{keeps: 'disk'}, {keeps: 'memory', extra: 1}, true, {since: '1.0'}]) {
      expect(BackendDeclarationSchema.safeParse({freezer: './f.js', live}).success).toBe(false)
    }
  })
})
