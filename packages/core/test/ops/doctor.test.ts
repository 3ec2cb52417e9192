import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'

import {runDoctor} from '../../src/ops/doctor.js'
import {CheckCache} from '../../src/registry/check-cache.js'
import {fakeHost, world} from '../fake-backend.js'

let host: Awaited<ReturnType<typeof fakeHost>>
beforeEach(async () => {
  host = await fakeHost()
})

const doctor = async (env: Record<string, string> = {}, findTool = async (name: string): Promise<string | null> => `/usr/bin/${name}`) =>
  runDoctor({
    cwd: host.root,
    env: {BOTTLE_STATE_DIR: host.stateRoot, BOTTLE_CONFIG_DIR: join(host.root, 'config'), HOME: host.root, ...env},
    plugins: host.plugins,
    cache: await CheckCache.open(),
    findTool,
    io: host.io,
  })

describe('runDoctor', () => {
  it('checks the config, the state root and each backend, asking a backend with a lifecycle for its version and endpoint', async () => {
    const checks = await doctor()
    expect(checks.find((c) => c.area === 'config')).toMatchObject({status: 'ok', message: 'none found; defaults in use'})
    expect(checks.find((c) => c.area === 'state')).toMatchObject({status: 'ok', message: expect.stringContaining('writable')})
    expect(checks.find((c) => c.name.startsWith('fake '))).toMatchObject({status: 'ok', message: 'version 9.9, talks to the fake engine'})
    expect(checks.find((c) => c.name.startsWith('frozen '))).toMatchObject({status: 'ok', message: expect.stringContaining('commit only')})
  })

  it('reports a broken config with a fix, and still checks the rest', async () => {
    await mkdir(join(host.root, 'config'), {recursive: true})
    await writeFile(join(host.root, 'config', 'config.json'), JSON.stringify({prefix: '!!'}))
    const checks = await doctor()
    expect(checks.find((c) => c.area === 'config')).toMatchObject({status: 'failure', fix: expect.any(String)})
    expect(checks.filter((c) => c.area === 'backend').length).toBeGreaterThan(0)
  })

  it('reports a state root that is a file', async () => {
    await writeFile(join(host.root, 'file'), '')
    const checks = await doctor({BOTTLE_STATE_DIR: join(host.root, 'file', 'state')})
    expect(checks.find((c) => c.area === 'state')).toMatchObject({status: 'failure', message: expect.stringContaining('is a file')})
  })

  it("turns a backend tool's failure into a failed check with a fix", async () => {
    world().fail.toolVersion = 'engine down'
    const checks = await doctor()
    expect(checks.find((c) => c.name.startsWith('fake '))).toMatchObject({
      status: 'failure',
      message: 'fake toolVersion failed: engine down',
      fix: expect.stringContaining('backends.fake'),
    })
  })
})
