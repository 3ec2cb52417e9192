import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'

import {commitBottle} from '../../src/ops/commit.js'
import {launchBottle} from '../../src/ops/launch.js'
import {listBottles} from '../../src/ops/list.js'
import {fakeHost, world} from '../fake-backend.js'

let host: Awaited<ReturnType<typeof fakeHost>>
beforeEach(async () => {
  host = await fakeHost()
})

describe('listBottles', () => {
  it('lists every bottle with its live status, newest artifact and snapshot count, sorted by slug', async () => {
    await launchBottle({...host, slug: 'b', backend: 'fake', image: 'base:1', env: [], command: []})
    await launchBottle({...host, slug: 'a', backend: 'fake', image: 'base:1', env: [], command: []})
    const {artifact} = await commitBottle({...host, slug: 'a'})
    world().bottles['fk-b']!.status = 'stopped'
    expect(await listBottles(host)).toEqual([
      {slug: 'a', backend: 'fake', status: 'running', artifact, snapshots: 1, preserved: true},
      {slug: 'b', backend: 'fake', status: 'stopped', artifact: null, snapshots: 0, preserved: false},
    ])
  })

  it('shows one bottle it cannot ask about as unknown, with the reason, without hiding the others', async () => {
    await launchBottle({...host, slug: 'ok', backend: 'fake', image: 'base:1', env: [], command: []})
    await mkdir(join(host.stateRoot, 'broken'), {recursive: true})
    await writeFile(join(host.stateRoot, 'broken', 'metadata.json'), '{not json')
    await mkdir(join(host.stateRoot, 'frozen'), {recursive: true})
    await writeFile(join(host.stateRoot, 'frozen', 'metadata.json'), JSON.stringify({backend: 'frozen'}))
    await mkdir(join(host.stateRoot, 'Not A Slug'), {recursive: true})
    const listed = await listBottles(host)
    expect(listed.map((b) => [b.slug, b.status])).toEqual([
      ['broken', 'unknown'],
      ['frozen', 'unknown'],
      ['ok', 'running'],
    ])
    expect(listed[0]!.problem).toContain('is not valid JSON')
    expect(listed[1]!.problem).toContain('declares no lifecycle')
  })

  it('is empty when the state root does not exist', async () => {
    expect(await listBottles(host)).toEqual([])
  })
})
