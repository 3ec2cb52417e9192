import {beforeEach, describe, expect, it} from 'vitest'

import {CheckCache} from '../src/registry/check-cache.js'
import {BackendRegistry} from '../src/registry/backend-registry.js'
import {declaration, fakePlugin, freezerModule, imported, tempDir} from './fixtures.js'

let root: string
beforeEach(async () => {
  root = await tempDir()
  imported().length = 0
})

describe('lifecycle modules in the registry', () => {
  it('loads a declared lifecycle with its freezer, and imports it only when asked', async () => {
    const plugin = await fakePlugin(root, 'p', declaration({alpha: {freezer: './f.js', lifecycle: './l.js'}}), {
      'f.js': freezerModule('freezer'),
      'l.js': `globalThis.__imported = [...(globalThis.__imported ?? []), 'lifecycle']
export default {apiVersion: 1, async status() { return 'running' }}`,
    })
    const registry = BackendRegistry.fromPlugins([plugin])
    await registry.load('alpha')
    expect(imported()).toEqual(['freezer'])
    const {lifecycle} = await registry.loadLifecycle('alpha')
    expect(imported()).toEqual(['freezer', 'lifecycle'])
    expect(typeof lifecycle.status).toBe('function')
    expect(lifecycle.launch).toBeUndefined()
  })

  it('says so when a backend declares no lifecycle, and checks a declared one by shape and version', async () => {
    const cases: Record<string, [Record<string, string>, RegExp]> = {
      commitonly: [{}, /backend "commitonly" from plugin commitonly only commits: it declares no lifecycle/],
      notfn: [{lifecycle: './l.js', 'l.js': 'export default {apiVersion: 1, launch: "docker run"}'}, /l\.js default export is not a lifecycle \(launch: expected a function/],
      version: [{lifecycle: './l.js', 'l.js': 'export default {apiVersion: 2}'}, /lifecycle API version 2 is not supported/],
      outside: [{lifecycle: '../x/l.js'}, /lifecycle path \.\.\/x\/l\.js leaves the plugin's folder/],
    }
    const plugins = await Promise.all(
      Object.entries(cases).map(([name, [{lifecycle, ...files}]]) =>
        fakePlugin(root, name, declaration({[name]: {freezer: './f.js', ...(lifecycle ? {lifecycle} : {})}}), {'f.js': freezerModule(name), ...files}),
      ),
    )
    const registry = BackendRegistry.fromPlugins(plugins)
    for (const [name, [, reason]] of Object.entries(cases)) {
      await expect(registry.loadLifecycle(name)).rejects.toMatchObject({code: 'BOTTLE_BACKEND_UNAVAILABLE', message: expect.stringMatching(reason)})
    }

    // bottle backends imports the lifecycle too: a broken one shows the backend as broken.
    const listed = await registry.verify(await CheckCache.open())
    expect(listed.find((b) => b.name === 'notfn')).toMatchObject({status: 'broken', problem: expect.stringMatching(/not a lifecycle/)})
    expect(listed.find((b) => b.name === 'commitonly')).toMatchObject({status: 'ok'})
  })
})
