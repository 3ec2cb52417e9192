import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'

import {openBottle, readBottle} from '../../src/bottle/open-bottle.js'
import {fakeHost, world} from '../fake-backend.js'

let host: Awaited<ReturnType<typeof fakeHost>>
beforeEach(async () => {
  host = await fakeHost()
})

async function state(slug: string, files: Record<string, unknown>): Promise<void> {
  await mkdir(join(host.stateRoot, slug), {recursive: true})
  for (const [name, content] of Object.entries(files)) await writeFile(join(host.stateRoot, slug, name), JSON.stringify(content))
}

const snapshot = (backend: string) => ({artifact: 'a:1', backend, committedAt: '2026-01-01T00:00:00Z'})

describe('the one backend rule', () => {
  it("takes the metadata's backend, else the newest snapshot's, else docker (state from before backends were recorded)", async () => {
    await state('meta', {'metadata.json': {backend: 'fake'}, 'history.json': [snapshot('frozen')]})
    await state('hist', {'metadata.json': {backend: ''}, 'history.json': [snapshot('docker'), snapshot('frozen')]})
    await state('old', {'committed.json': snapshot('frozen')})
    await state('bare', {'metadata.json': {agentName: 'x'}})
    expect((await readBottle(host.stateRoot, 'meta')).backend).toBe('fake')
    expect((await readBottle(host.stateRoot, 'hist')).backend).toBe('frozen')
    expect((await readBottle(host.stateRoot, 'old')).backend).toBe('frozen')
    expect((await readBottle(host.stateRoot, 'bare')).backend).toBe('docker')
    expect((await readBottle(host.stateRoot, 'none')).backend).toBe('docker')
  })

  it('reads a damaged history before any backend runs', async () => {
    await state('bad', {'metadata.json': {backend: 'fake'}})
    await writeFile(join(host.stateRoot, 'bad', 'history.json'), '[{')
    await expect(openBottle(host, 'bad')).rejects.toMatchObject({code: 'BOTTLE_STATE_ERROR'})
    expect(world().calls).toEqual([])
  })
})

describe('openBottle', () => {
  it('builds the context every operation gets: name, agent, validated options, secret rules', async () => {
    await state('demo', {'metadata.json': {backend: 'fake', agentName: 'claude', startedAt: '2026-01-01T00:00:00Z'}})
    const bottle = await openBottle({...host, config: {...host.config, secretEnv: ['MY_*']}}, 'demo', {scrub: false})
    expect(bottle).toMatchObject({slug: 'demo', bottleName: 'fk-demo', backend: 'fake', canMove: true})
    expect(bottle.ctx).toMatchObject({slug: 'demo', bottleName: 'fk-demo', agent: {agentName: 'claude', backend: 'fake'}, stateDir: join(host.stateRoot, 'demo')})
    expect(bottle.ctx.secrets.scrub).toBe(false)
    expect(bottle.ctx.secrets.envPatterns).toContain('MY_*')
  })

  it("gives the backend a cache folder of its own under the host's, and none where the host has none", async () => {
    await state('demo', {'metadata.json': {backend: 'fake'}})
    expect((await openBottle({...host, cacheRoot: '/cache/bottle'}, 'demo')).ctx.cacheDir).toBe('/cache/bottle/backends/fake')
    expect((await openBottle(host, 'demo')).ctx).not.toHaveProperty('cacheDir')
  })

  it('names the backend and the operation a commit-only backend lacks', async () => {
    await state('f', {'metadata.json': {backend: 'frozen'}})
    const bottle = await openBottle(host, 'f')
    expect(bottle.canMove).toBe(false)
    expect(bottle.has('status')).toBe(false)
    expect(() => bottle.need('status')).toThrow('backend "frozen" does not support status (it declares no lifecycle: it only commits)')
  })

  it('refuses a status a plugin invents', async () => {
    await state('demo', {'metadata.json': {backend: 'fake'}})
    const bottle = await openBottle(host, 'demo')
    world().bottles['fk-demo'] = {status: 'paused' as 'running', source: 'x', env: []}
    await expect(bottle.status()).rejects.toMatchObject({code: 'BOTTLE_BACKEND_UNAVAILABLE', message: expect.stringContaining('"paused"')})
  })

  it('imports nothing for an unsafe slug', async () => {
    await expect(openBottle(host, '../etc')).rejects.toMatchObject({code: 'BOTTLE_BAD_INPUT'})
    expect(world().calls).toEqual([])
  })
})
