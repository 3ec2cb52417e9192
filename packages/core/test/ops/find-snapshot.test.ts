import {describe, expect, it} from 'vitest'

import {findSnapshot} from '../../src/ops/snapshots.js'
import type {Snapshot} from '../../src/state/bottle-state.js'

const snapshot = (artifact: string, via: Snapshot['via'] = 'commit'): Snapshot => ({artifact, backend: 'docker', committedAt: '2026-11-30T00:00:00.000Z', via})
const history = [
  snapshot('bottle/demo:20261130-010000-001'),
  snapshot('bottle/demo:20261130-020000-002'),
  snapshot('localhost:5000/bottles/demo:20261130-020000-002', 'push'),
  snapshot('/state/demo/packs/pack-1'),
]

describe('findSnapshot', () => {
  it('finds a snapshot by its whole artifact, or by the end after : or /', () => {
    expect(findSnapshot(history, 'bottle/demo:20261130-010000-001', 'demo').artifact).toBe('bottle/demo:20261130-010000-001')
    expect(findSnapshot(history, '20261130-010000-001', 'demo').artifact).toBe('bottle/demo:20261130-010000-001')
    expect(findSnapshot(history, 'pack-1', 'demo').artifact).toBe('/state/demo/packs/pack-1')
  })

  it('a whole artifact wins over a tag that two share; a tag two share is refused as ambiguous (exit 2)', () => {
    expect(findSnapshot(history, 'bottle/demo:20261130-020000-002', 'demo').via).toBe('commit')
    expect(() => findSnapshot(history, '20261130-020000-002', 'demo')).toThrow(
      expect.objectContaining({code: 'BOTTLE_BAD_INPUT', message: expect.stringMatching(/names 2 snapshots/)}),
    )
  })

  it('no such snapshot: exit 4, naming bottle snapshots', () => {
    expect(() => findSnapshot(history, 'nope', 'demo')).toThrow(expect.objectContaining({code: 'BOTTLE_NOT_FOUND', message: expect.stringContaining('bottle snapshots demo')}))
    expect(() => findSnapshot(history, '0001', 'demo')).toThrow(expect.objectContaining({code: 'BOTTLE_NOT_FOUND'}))
  })
})
