import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {BottleState} from '../../src/state/bottle-state.js'
import {resolveStateRoot} from '../../src/state/state-root.js'
import {tempDir} from '../fixtures.js'

describe('resolveStateRoot', () => {
  it('prefers BOTTLE_STATE_DIR, then the config, then XDG_STATE_HOME', () => {
    expect(resolveStateRoot({BOTTLE_STATE_DIR: '/a', XDG_STATE_HOME: '/x'}, '/c')).toBe('/a')
    expect(resolveStateRoot({XDG_STATE_HOME: '/x'}, '/c')).toBe('/c')
    expect(resolveStateRoot({XDG_STATE_HOME: '/x'}, 'rel', '/etc/conf')).toBe('/etc/conf/rel')
    expect(resolveStateRoot({XDG_STATE_HOME: '/x'})).toBe('/x/bottle')
    expect(resolveStateRoot({})).toMatch(/\/\.local\/state\/bottle$/)
  })
})

describe('BottleState', () => {
  it('records a commit and the preserved mark, leaving no temp files', async () => {
    const state = new BottleState(await tempDir(), 's1')
    expect(await state.readCommit()).toBeNull()
    expect(await state.isPreserved()).toBe(false)
    await state.ensureDir()
    await state.recordCommit({artifact: 'a:1', backend: 'docker', committedAt: 't1'})
    await state.recordCommit({artifact: 'a:2', backend: 'docker', committedAt: 't2'})
    await state.markPreserved(new Date(0))
    expect(await state.readCommit()).toEqual({artifact: 'a:2', backend: 'docker', committedAt: 't2'})
    expect(await state.isPreserved()).toBe(true)
    expect((await readdir(state.dir)).sort()).toEqual(['committed.json', 'preserved'])
  })

  it('reports a metadata file of the wrong shape with its path and key', async () => {
    const state = new BottleState(await tempDir(), 's2')
    await mkdir(state.dir)
    await writeFile(join(state.dir, 'metadata.json'), '{"backend": 42}')
    await expect(state.readMetadata()).rejects.toThrow(`${join(state.dir, 'metadata.json')} is malformed (backend: `)
    expect(await readFile(join(state.dir, 'metadata.json'), 'utf8')).toBe('{"backend": 42}')
  })

  it('gives a clear error, naming the path, when the state root cannot hold folders', async () => {
    const root = await tempDir()
    await writeFile(join(root, 'blocked'), 'not a folder')
    const state = new BottleState(join(root, 'blocked'), 's3')
    await expect(state.ensureDir()).rejects.toMatchObject({
      code: 'BOTTLE_STATE_ERROR',
      message: `cannot write bottle state at ${join(root, 'blocked', 's3')}: a parent is not a folder`,
    })
    expect(await readFile(join(root, 'blocked'), 'utf8')).toBe('not a folder')
  })
})

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
