import {beforeEach, describe, expect, it} from 'vitest'

import {BackendRegistry} from '../../src/registry/backend-registry.js'
import {CheckCache} from '../../src/registry/check-cache.js'
import {declaration, fakePlugin, freezerModule, imported, tempDir} from '../fixtures.js'

let root: string
beforeEach(async () => {
  root = await tempDir()
  imported().length = 0
})

describe('BackendRegistry', () => {
  it('imports only the chosen backend, never a broken module of another plugin', async () => {
    const good = await fakePlugin(root, 'good', declaration({alpha: {freezer: './f.js'}}), {'f.js': freezerModule('alpha')})
    const broken = await fakePlugin(root, 'broken', declaration({beta: {freezer: './f.js'}}), {
      'f.js': `globalThis.__imported = [...(globalThis.__imported ?? []), 'beta']\nthrow new Error('boom at import')`,
    })
    const registry = BackendRegistry.fromPlugins([good, broken])
    expect(imported()).toEqual([])

    const {freezer} = await registry.load('alpha')
    expect(imported()).toEqual(['alpha'])
    expect(typeof freezer.freeze).toBe('function')

    await expect(registry.load('beta')).rejects.toMatchObject({
      code: 'BOTTLE_BACKEND_UNAVAILABLE',
      message: expect.stringContaining('backend "beta" from plugin broken is broken: cannot import ./f.js: boom at import'),
    })
  })

  it('lists the registered backends and says how to install more for an unknown name', async () => {
    const a = await fakePlugin(root, 'pa', declaration({alpha: {freezer: './f.js'}, gamma: {freezer: './g.js'}}))
    const registry = BackendRegistry.fromPlugins([a])
    expect(() => registry.resolve('podman')).toThrow('unknown backend "podman": registered backends are alpha, gamma; install more with: bottle plugins install <package>')
  })

  it('fails on two plugins claiming one name, naming both, unless the config pins one', async () => {
    const one = await fakePlugin(root, '@x/one', declaration({alpha: {freezer: './f.js'}}), {'f.js': freezerModule('one')})
    const two = await fakePlugin(root, '@y/two', declaration({alpha: {freezer: './f.js'}}), {'f.js': freezerModule('two')})

    const unpinned = BackendRegistry.fromPlugins([one, two])
    expect(() => unpinned.resolve('alpha')).toThrow(/claimed by @x\/one and @y\/two; pick one in the config: "backendPlugins"/)
    expect(unpinned.list().map((b) => [b.plugin.name, b.status, b.conflictsWith])).toEqual([
      ['@x/one', 'conflict', ['@y/two']],
      ['@y/two', 'conflict', ['@x/one']],
    ])

    const pinned = BackendRegistry.fromPlugins([one, two], {alpha: '@y/two'})
    expect(pinned.resolve('alpha').plugin.name).toBe('@y/two')
    await pinned.load('alpha')
    expect(imported()).toEqual(['two'])
    expect(pinned.list().map((b) => [b.plugin.name, b.status])).toEqual([
      ['@x/one', 'unused'],
      ['@y/two', 'ok'],
    ])
  })

  it('reports a malformed declaration by plugin without hiding the other backends', async () => {
    const bad = await fakePlugin(root, 'bad-decl', {apiVersion: 'one', backends: []})
    const badEntry = await fakePlugin(root, 'bad-entry', declaration({zeta: {module: './f.js'}}))
    const good = await fakePlugin(root, 'good', declaration({alpha: {freezer: './f.js'}}), {'f.js': freezerModule('alpha')})
    const registry = BackendRegistry.fromPlugins([bad, badEntry, good])

    expect(registry.problems).toEqual([{plugin: 'bad-decl', problem: expect.stringMatching(/^malformed "bottle" key in package.json \(apiVersion: /)}])
    expect(() => registry.resolve('zeta')).toThrow(/backend "zeta" from plugin bad-entry is broken: malformed declaration/)
    await expect(registry.load('alpha')).resolves.toBeTruthy()
    expect(registry.names()).toEqual(['alpha', 'zeta'])
  })

  it('refuses a plugin declaring an API version this host does not support', async () => {
    const future = await fakePlugin(root, 'future', declaration({alpha: {freezer: './f.js'}}, 7))
    const registry = BackendRegistry.fromPlugins([future])
    expect(registry.list()[0]).toMatchObject({status: 'incompatible', apiVersion: 7, problem: expect.stringContaining('declares API version 7, this bottle supports 1')})
    expect(() => registry.resolve('alpha')).toThrow(/backend "alpha" from plugin future cannot be used: incompatible: the plugin declares API version 7/)
  })

  it('checks what the module exports by shape, not by class', async () => {
    const cases: Record<string, [string, RegExp]> = {
      nofreeze: ['export default {apiVersion: 1}', /default export is not a freezer \(freeze: expected a function/],
      nodefault: ['export const freezer = {}', /default export is not a freezer/],
      version: ['export default {apiVersion: 9, async freeze() { return "x" }}', /freezer API version 9 is not supported/],
      schema: ['export default {apiVersion: 1, optionsSchema: {}, async freeze() { return "x" }}', /optionsSchema: expected a Standard Schema/],
    }
    const plugins = await Promise.all(Object.entries(cases).map(([name, [source]]) => fakePlugin(root, name, declaration({[name]: {freezer: './f.js'}}), {'f.js': source})))
    const registry = BackendRegistry.fromPlugins(plugins)
    for (const [name, [, reason]] of Object.entries(cases)) {
      await expect(registry.load(name)).rejects.toThrow(reason)
    }
  })

  it('never imports a freezer path outside the plugin folder', async () => {
    const sneaky = await fakePlugin(root, 'sneaky', declaration({alpha: {freezer: '../good/f.js'}}))
    await fakePlugin(root, 'good', declaration({}), {'f.js': freezerModule('outside')})
    await expect(BackendRegistry.fromPlugins([sneaky]).load('alpha')).rejects.toThrow(/leaves the plugin's folder/)
    expect(imported()).toEqual([])
  })

  it('ignores plugins that declare no backends and maps oclif plugin types to sources', async () => {
    const plain = {name: '@oclif/plugin-help', version: '6', type: 'core', root, pjson: {}}
    const shipped = await fakePlugin(root, 'shipped', declaration({a: {freezer: './f.js'}}), {}, 'core')
    const linked = await fakePlugin(root, 'linked', declaration({b: {freezer: './f.js'}}), {}, 'link')
    const user = await fakePlugin(root, 'user', declaration({c: {freezer: './f.js'}}), {}, 'user')
    const registry = BackendRegistry.fromPlugins([plain, shipped, linked, user])
    expect(registry.list().map((b) => [b.name, b.plugin.source])).toEqual([
      ['a', 'shipped'],
      ['b', 'linked'],
      ['c', 'user-installed'],
    ])
  })
})

describe('lifecycle modules in the registry', () => {
  it("imports the backend's freezer and lifecycle together, once, and no other backend's", async () => {
    const plugin = await fakePlugin(root, 'p', declaration({alpha: {freezer: './f.js', lifecycle: './l.js'}, beta: {freezer: './g.js', lifecycle: './m.js'}}), {
      'f.js': freezerModule('freezer'),
      'l.js': `globalThis.__imported = [...(globalThis.__imported ?? []), 'lifecycle']
export default {apiVersion: 1, async status() { return 'running' }}`,
      'g.js': freezerModule('beta freezer'),
      'm.js': `globalThis.__imported = [...(globalThis.__imported ?? []), 'beta lifecycle']
export default {apiVersion: 1}`,
    })
    const registry = BackendRegistry.fromPlugins([plugin])
    const {lifecycle} = await registry.load('alpha')
    expect(imported().sort()).toEqual(['freezer', 'lifecycle'])
    expect(typeof lifecycle?.status).toBe('function')
    expect(lifecycle?.launch).toBeUndefined()
  })

  it('loads a backend that declares no lifecycle as commit only, and checks a declared one by shape and version', async () => {
    const commitOnly = await fakePlugin(root, 'commitonly', declaration({commitonly: {freezer: './f.js'}}), {'f.js': freezerModule('commitonly')})
    await expect(BackendRegistry.fromPlugins([commitOnly]).load('commitonly')).resolves.toMatchObject({lifecycle: null})

    const cases: Record<string, [Record<string, string>, RegExp]> = {
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
      await expect(registry.load(name)).rejects.toMatchObject({code: 'BOTTLE_BACKEND_UNAVAILABLE', message: expect.stringMatching(reason)})
    }

    // bottle backends imports the lifecycle too: a broken one shows the backend as broken.
    const listed = await registry.verify(await CheckCache.open())
    expect(listed.find((b) => b.name === 'notfn')).toMatchObject({status: 'broken', problem: expect.stringMatching(/not a lifecycle/)})
  })
})
