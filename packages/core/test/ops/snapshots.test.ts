import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'

import {commitBottle} from '../../src/ops/commit.js'
import {launchBottle} from '../../src/ops/launch.js'
import {listSnapshots} from '../../src/ops/snapshots.js'
import {fakeHost, world} from '../fake-backend.js'

let host: Awaited<ReturnType<typeof fakeHost>>
beforeEach(async () => {
  host = await fakeHost()
  await launchBottle({...host, slug: 'demo', backend: 'fake', image: 'base:1', env: [], command: []})
})

const history = async () => JSON.parse(await readFile(join(host.stateRoot, 'demo', 'history.json'), 'utf8')) as {artifact: string}[]

describe('snapshots', () => {
  it('lists every snapshot newest first, and refuses a slug with no state', async () => {
    const first = await commitBottle({...host, slug: 'demo'})
    const second = await commitBottle({...host, slug: 'demo'})
    expect((await listSnapshots({...host, slug: 'demo'})).map((s) => s.artifact)).toEqual([second.artifact, first.artifact])
    await expect(listSnapshots({...host, slug: 'ghost'})).rejects.toMatchObject({code: 'BOTTLE_NOT_FOUND'})
  })

  it('commit --keep removes the older artifacts and their history entries, keeping what cannot be removed', async () => {
    const first = await commitBottle({...host, slug: 'demo'})
    const second = await commitBottle({...host, slug: 'demo'})
    world().fail.removeArtifact = first.artifact
    const third = await commitBottle({...host, slug: 'demo', keep: 1})
    expect(third.pruned).toEqual({removed: [second.artifact], kept: [first.artifact], warnings: [expect.stringContaining(`could not remove ${first.artifact}`)]})
    expect((await history()).map((s) => s.artifact)).toEqual([first.artifact, third.artifact])
    expect(Object.keys(world().artifacts).sort()).toEqual([first.artifact, third.artifact].sort())
  })

  it('refuses --keep 0 before freezing anything', async () => {
    await expect(commitBottle({...host, slug: 'demo', keep: 0})).rejects.toMatchObject({code: 'BOTTLE_BAD_INPUT'})
    expect(world().calls.filter((call) => call.startsWith('freeze'))).toEqual([])
  })
})
