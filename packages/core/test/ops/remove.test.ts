import {readdir} from 'node:fs/promises'
import {beforeEach, describe, expect, it} from 'vitest'

import {commitBottle} from '../../src/ops/commit.js'
import {launchBottle} from '../../src/ops/launch.js'
import {removeBottle} from '../../src/ops/remove.js'
import {fakeHost, world} from '../fake-backend.js'

let host: Awaited<ReturnType<typeof fakeHost>>
beforeEach(async () => {
  host = await fakeHost()
  await launchBottle({...host, slug: 'demo', backend: 'fake', image: 'base:1', env: [], command: []})
})

describe('removeBottle', () => {
  it('asks before removing a running bottle never committed (its work is in no snapshot): a no changes nothing; a yes removes it and its state', async () => {
    await expect(removeBottle({...host, slug: 'demo', purge: false})).rejects.toMatchObject({code: 'BOTTLE_CANCELLED'})
    expect(host.said).toContainEqual(expect.stringMatching(/^ask fk-demo is running and was never committed: .* Remove it and lose that work\?$/))
    expect(world().bottles).toHaveProperty(['fk-demo'])
    expect(await readdir(host.stateRoot)).toEqual(['demo'])

    host.answers.push(true)
    const result = await removeBottle({...host, slug: 'demo', purge: false})
    expect(result).toMatchObject({removed: true, stateKept: false, artifactsRemoved: []})
    expect(world().bottles).toEqual({})
    expect(await readdir(host.stateRoot)).toEqual([])
  })

  it("keeps a preserved bottle's state and snapshots", async () => {
    const {artifact} = await commitBottle({...host, slug: 'demo'})
    const result = await removeBottle({...host, slug: 'demo', purge: false})
    expect(result).toMatchObject({removed: true, stateKept: true})
    expect(world().artifacts).toHaveProperty([artifact])
    expect(await readdir(host.stateRoot)).toEqual(['demo'])
  })

  it('with purge, asks first: a no changes nothing; a yes removes the artifacts and the state', async () => {
    const {artifact} = await commitBottle({...host, slug: 'demo'})
    await expect(removeBottle({...host, slug: 'demo', purge: true})).rejects.toMatchObject({code: 'BOTTLE_CANCELLED'})
    expect(world().bottles).toHaveProperty(['fk-demo'])
    expect(world().artifacts).toHaveProperty([artifact])

    host.answers.push(true)
    const result = await removeBottle({...host, slug: 'demo', purge: true})
    expect(result).toMatchObject({removed: true, stateKept: false, artifactsRemoved: [artifact], artifactsKept: []})
    expect(world().artifacts).toEqual({})
    expect(await readdir(host.stateRoot)).toEqual([])
  })

  it('names an artifact it could not remove instead of losing track of it', async () => {
    const {artifact} = await commitBottle({...host, slug: 'demo'})
    world().fail.removeArtifact = artifact
    host.answers.push(true)
    const result = await removeBottle({...host, slug: 'demo', purge: true})
    expect(result.artifactsKept).toEqual([artifact])
    expect(result.warnings).toEqual([expect.stringContaining(`could not remove ${artifact}`)])
  })

  it('reports a bottle that is neither on the backend nor in the state root', async () => {
    await expect(removeBottle({...host, slug: 'ghost', purge: false})).rejects.toMatchObject({
      code: 'BOTTLE_NOT_FOUND',
      message: expect.stringContaining('no bottle ghost'),
    })
  })
})
