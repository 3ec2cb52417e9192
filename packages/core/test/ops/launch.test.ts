import {mkdir, readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'

import {launchBottle} from '../../src/ops/launch.js'
import {fakeHost, world} from '../fake-backend.js'

let host: Awaited<ReturnType<typeof fakeHost>>
beforeEach(async () => {
  host = await fakeHost()
})

const launch = (slug: string, extra: Partial<Parameters<typeof launchBottle>[0]> = {}) =>
  launchBottle({...host, slug, backend: 'fake', image: 'base:1', env: ['API_TOKEN=abc123', 'MODE=x'], command: ['sleep', '9'], agentName: 'claude', ...extra})

describe('launchBottle', () => {
  it('starts the bottle, then writes its metadata (env names only, never values)', async () => {
    const result = await launch('demo')
    expect(result).toMatchObject({slug: 'demo', backend: 'fake', bottleName: 'fk-demo', image: 'base:1', toolVersion: '9.9', commit: 'bottle commit demo'})
    expect(world().bottles['fk-demo']).toEqual({status: 'running', source: 'base:1', env: ['API_TOKEN=abc123', 'MODE=x']})
    const metadata = JSON.parse(await readFile(join(host.stateRoot, 'demo', 'metadata.json'), 'utf8'))
    expect(metadata).toMatchObject({backend: 'fake', agentName: 'claude', image: 'base:1', command: ['sleep', '9'], envNames: ['API_TOKEN', 'MODE'], toolVersion: '9.9'})
    expect(JSON.stringify(metadata)).not.toContain('abc123')
  })

  it('refuses a slug that has state, and a name the backend knows without state, changing nothing', async () => {
    await launch('demo')
    await expect(launch('demo')).rejects.toMatchObject({code: 'BOTTLE_BAD_INPUT', message: expect.stringContaining('bottle demo already exists')})
    world().bottles['fk-stray'] = {status: 'stopped', source: 'x', env: []}
    await expect(launch('stray')).rejects.toMatchObject({code: 'BOTTLE_BAD_INPUT', message: expect.stringContaining('fk-stray already exists on fake (stopped)')})
    expect(await readdir(host.stateRoot)).toEqual(['demo'])
  })

  it('removes a half-made bottle when the launch fails, and writes no state', async () => {
    world().fail.launch = 'cannot start'
    await expect(launch('demo')).rejects.toMatchObject({code: 'BOTTLE_TOOL_FAILED'})
    expect(world().bottles).toEqual({})
    expect(world().calls).toContain('remove fk-demo')
    await expect(readdir(host.stateRoot)).rejects.toMatchObject({code: 'ENOENT'})
  })

  it('refuses a malformed -e entry and a backend without a lifecycle before anything runs', async () => {
    await expect(launch('demo', {env: ['export X=1']})).rejects.toMatchObject({code: 'BOTTLE_BAD_INPUT'})
    await expect(launch('demo', {backend: 'frozen'})).rejects.toMatchObject({
      code: 'BOTTLE_BACKEND_UNAVAILABLE',
      message: expect.stringContaining('it declares no lifecycle'),
    })
    expect(world().calls).toEqual([])
    await mkdir(host.stateRoot, {recursive: true})
    expect(await readdir(host.stateRoot)).toEqual([])
  })
})
