import {readFile, writeFile, mkdir} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {BottleState} from '../src/state/bottle-state.js'
import {tempDir} from './fixtures.js'

describe('snapshot history', () => {
  it('reads state from before the history as one snapshot, and appends each new one while committed.json follows the newest', async () => {
    const state = new BottleState(await tempDir(), 'demo')
    await mkdir(state.dir)
    await writeFile(join(state.dir, 'committed.json'), JSON.stringify({artifact: 'old:1', backend: 'docker', committedAt: '2026-01-01T00:00:00.000Z'}))
    expect(await state.readHistory()).toEqual([{artifact: 'old:1', backend: 'docker', committedAt: '2026-01-01T00:00:00.000Z', via: 'commit'}])

    await state.recordSnapshot({artifact: 'new:2', backend: 'docker', committedAt: '2026-01-02T00:00:00.000Z', via: 'push', toolVersion: '27.0', arch: 'arm64'})
    expect((await state.readHistory()).map((s) => [s.artifact, s.via])).toEqual([['old:1', 'commit'], ['new:2', 'push']])
    expect(JSON.parse(await readFile(join(state.dir, 'committed.json'), 'utf8'))).toEqual({artifact: 'new:2', backend: 'docker', committedAt: '2026-01-02T00:00:00.000Z'})
  })

  it('reports a damaged history with its path and leaves it as it is', async () => {
    const state = new BottleState(await tempDir(), 'demo')
    await mkdir(state.dir)
    await writeFile(join(state.dir, 'history.json'), '[{"artifact": 1}]')
    await expect(state.readHistory()).rejects.toMatchObject({code: 'BOTTLE_STATE_ERROR', message: expect.stringContaining('history.json is malformed')})
    expect(await readFile(join(state.dir, 'history.json'), 'utf8')).toBe('[{"artifact": 1}]')
  })
})
