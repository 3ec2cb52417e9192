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
    expect((await state.readHistory()).map((s) => [s.artifact, s.via])).toEqual([
      ['old:1', 'commit'],
      ['new:2', 'push'],
    ])
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

describe('BottleState: only what bottle made', () => {
  it('tells a free path, bottle state and a folder bottle did not make apart', async () => {
    const root = await tempDir()
    expect(await new BottleState(root, 'none').kind()).toBe('none')
    await mkdir(join(root, 'empty'))
    expect(await new BottleState(root, 'empty').kind()).toBe('none')
    await mkdir(join(root, 'project'))
    await writeFile(join(root, 'project', 'main.ts'), 'x')
    expect(await new BottleState(root, 'project').kind()).toBe('foreign')
    await expect(new BottleState(root, 'project').remove()).rejects.toMatchObject({code: 'BOTTLE_STATE_ERROR'})
    expect(await readdir(join(root, 'project'))).toEqual(['main.ts'])
  })

  it('removes only its own files and their temp files, keeping and naming the rest', async () => {
    const state = new BottleState(await tempDir(), 'b')
    await state.ensureDir()
    await state.writeMetadata({backend: 'docker'})
    await state.recordSnapshot({artifact: 'a:1', backend: 'docker', committedAt: 't', via: 'commit'}, new Date(0))
    await writeFile(join(state.dir, '.history.json.123.abcd.tmp'), '')
    await writeFile(join(state.dir, 'notes.txt'), 'mine')
    expect(await state.remove()).toEqual({left: ['notes.txt']})
    expect(await readdir(state.dir)).toEqual(['notes.txt'])
  })

  it('records a snapshot all or nothing: a failed write puts back what was there', async () => {
    const state = new BottleState(await tempDir(), 'r')
    await state.ensureDir()
    await state.recordSnapshot({artifact: 'a:1', backend: 'docker', committedAt: 't1', via: 'commit'})
    // A folder where the preserved mark goes makes the last write of the record fail.
    await mkdir(join(state.dir, 'preserved'))
    await expect(state.recordSnapshot({artifact: 'a:2', backend: 'docker', committedAt: 't2', via: 'commit'}, new Date(0))).rejects.toMatchObject({code: 'BOTTLE_STATE_ERROR'})
    expect((await state.readHistory()).map((s) => s.artifact)).toEqual(['a:1'])
    expect((await state.readCommit())?.artifact).toBe('a:1')
  })
})
