import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'

import {commitBottle} from '../../src/ops/commit.js'
import type {BottleConfig} from '../../src/config/config-schema.js'
import {BackendRegistry} from '../../src/registry/backend-registry.js'
import {declaration, fakePlugin, tempDir} from '../fixtures.js'

const config: BottleConfig = {prefix: 'bot-bottle-', backendPlugins: {}, backends: {}, backendSources: {}, files: []}

/** A freezer that reports the context it was given, so the host's part can be checked. */
const recordingFreezer = `
export default {
  apiVersion: 1,
  async freeze(ctx) {
    globalThis.__ctx = {slug: ctx.slug, bottleName: ctx.bottleName, agent: ctx.agent, options: ctx.options, stateDir: ctx.stateDir}
    ctx.warn('volume v at /data is not in the artifact')
    return 'snap/' + ctx.slug + ':1'
  },
  exportHint({artifact}) { return ['save ' + artifact, 'load it'] },
}`

let root: string
beforeEach(() => {
  delete (globalThis as {__ctx?: unknown}).__ctx
})
let stateRoot: string
let registry: BackendRegistry
const said: string[] = []
const io = {info: (m: string) => said.push(`info ${m}`), warn: (m: string) => said.push(`warn ${m}`), confirm: async () => false}

beforeEach(async () => {
  root = await tempDir()
  stateRoot = join(root, 'state')
  said.length = 0
  const plugins = await Promise.all([
    fakePlugin(root, 'p-docker', declaration({docker: {freezer: './f.js'}}), {'f.js': recordingFreezer}),
    fakePlugin(root, 'p-vm', declaration({vm: {freezer: './f.js'}}), {
      'f.js': `export default {apiVersion: 1, async freeze(ctx) { if (!await ctx.confirm('stop it?')) { const e = new Error('declined'); e.code = 'BOTTLE_CANCELLED'; throw e } return 'x' }}`,
    }),
    // Runs what the test puts in globalThis.__freeze, as the freeze.
    fakePlugin(root, 'p-hook', declaration({hook: {freezer: './f.js'}}), {'f.js': `export default {apiVersion: 1, freeze: (ctx) => globalThis.__freeze(ctx)}`}),
    fakePlugin(root, 'p-empty', declaration({empty: {freezer: './f.js'}}), {'f.js': `export default {apiVersion: 1, async freeze() { return '' }}`}),
  ])
  registry = BackendRegistry.fromPlugins(plugins)
})

const seen = () => (globalThis as {__ctx?: Record<string, unknown>}).__ctx

describe('commitBottle', () => {
  it('commits a bottle with no state at all: docker backend, empty agent, then records and preserves', async () => {
    const result = await commitBottle({slug: 'demo', registry, config, stateRoot, io, now: () => new Date('2026-01-02T03:04:05Z')})
    expect(result).toEqual({
      slug: 'demo',
      backend: 'docker',
      artifact: 'snap/demo:1',
      preserved: true,
      resume: 'bottle resume demo',
      move: [],
      export: ['save snap/demo:1', 'load it'],
      warnings: ['volume v at /data is not in the artifact'],
      stateDir: join(stateRoot, 'demo'),
    })
    expect(seen()).toMatchObject({bottleName: 'bot-bottle-demo', agent: {slug: 'demo', agentName: '', startedAt: '', backend: 'docker'}})
    expect(JSON.parse(await readFile(join(stateRoot, 'demo', 'committed.json'), 'utf8'))).toEqual({
      artifact: 'snap/demo:1',
      backend: 'docker',
      committedAt: '2026-01-02T03:04:05.000Z',
    })
    expect(await readFile(join(stateRoot, 'demo', 'preserved'), 'utf8')).toBe('2026-01-02T03:04:05.000Z\n')
    expect(said).toContain('warn volume v at /data is not in the artifact')
  })

  it('builds the agent from per-bottle state and treats an empty backend as docker', async () => {
    await mkdir(join(stateRoot, 'old'), {recursive: true})
    await writeFile(join(stateRoot, 'old', 'metadata.json'), JSON.stringify({backend: '', agentName: 'claude', startedAt: '2026-01-01T00:00:00Z', extra: 1}))
    const result = await commitBottle({slug: 'old', registry, config: {...config, prefix: 'x-'}, stateRoot, io})
    expect(result.backend).toBe('docker')
    expect(seen()).toMatchObject({bottleName: 'x-old', agent: {agentName: 'claude', startedAt: '2026-01-01T00:00:00Z', backend: 'docker'}})
  })

  it('writes nothing when the freezer cancels', async () => {
    await mkdir(join(stateRoot, 'v'), {recursive: true})
    await writeFile(join(stateRoot, 'v', 'metadata.json'), JSON.stringify({backend: 'vm'}))
    await expect(commitBottle({slug: 'v', registry, config, stateRoot, io})).rejects.toMatchObject({code: 'BOTTLE_CANCELLED'})
    expect(await readdir(join(stateRoot, 'v'))).toEqual(['metadata.json'])
  })

  it('refuses an empty artifact reference and records nothing', async () => {
    await mkdir(join(stateRoot, 'e'), {recursive: true})
    await writeFile(join(stateRoot, 'e', 'metadata.json'), JSON.stringify({backend: 'empty'}))
    await expect(commitBottle({slug: 'e', registry, config, stateRoot, io})).rejects.toThrow('backend "empty" returned no artifact reference')
    expect(await readdir(join(stateRoot, 'e'))).toEqual(['metadata.json'])
  })

  it('reports corrupt metadata with its path and leaves it untouched', async () => {
    const path = join(stateRoot, 'bad', 'metadata.json')
    await mkdir(join(stateRoot, 'bad'), {recursive: true})
    await writeFile(path, '{"backend": "docker",')
    await expect(commitBottle({slug: 'bad', registry, config, stateRoot, io})).rejects.toMatchObject({
      code: 'BOTTLE_STATE_ERROR',
      message: `${path} is not valid JSON; fix or remove it (it was left untouched)`,
    })
    expect(await readFile(path, 'utf8')).toBe('{"backend": "docker",')
    expect(seen()).toBeUndefined()
  })

  describe('interrupted', () => {
    const hooked = async (slug: string, freeze: (interrupt: () => void) => Promise<string>) => {
      await mkdir(join(stateRoot, slug), {recursive: true})
      await writeFile(join(stateRoot, slug, 'metadata.json'), JSON.stringify({backend: 'hook'}))
      const controller = new AbortController()
      ;(globalThis as {__freeze?: unknown}).__freeze = () => freeze(() => controller.abort())
      return commitBottle({slug, registry, config, stateRoot, io, signal: controller.signal})
    }

    it('reports whatever the freeze then fails with as the interruption, in its own words, and records nothing', async () => {
      const tool = Object.assign(new Error('docker commit of bot-bottle-i failed: docker was killed by SIGINT'), {code: 'BOTTLE_TOOL_FAILED'})
      const state = Object.assign(new Error('cannot write bottle state at /x: no such file'), {code: 'BOTTLE_STATE_ERROR'})
      const failures = [
        ['i', tool],
        ['j', state],
        ['k', new TypeError('fetch failed')],
      ] as const
      for (const [slug, error] of failures) {
        const failing = async (interrupt: () => void) => {
          interrupt()
          throw error
        }
        // A plain error is the plugin failing, so the host names the backend and the operation before its words.
        await expect(hooked(slug, failing)).rejects.toMatchObject({
          code: 'BOTTLE_INTERRUPTED',
          message: error instanceof TypeError ? `interrupted: backend "hook": freeze() failed: ${error.message}` : `interrupted: ${error.message}`,
        })
        expect(await readdir(join(stateRoot, slug))).toEqual(['metadata.json'])
      }

      expect(await readdir(stateRoot)).toEqual(['i', 'j', 'k'])
    })

    it('leaves a failure with no interrupt as it is', async () => {
      const tool = Object.assign(new Error('docker commit failed'), {code: 'BOTTLE_TOOL_FAILED'})
      await expect(hooked('t', () => Promise.reject(tool))).rejects.toMatchObject({code: 'BOTTLE_TOOL_FAILED', message: 'docker commit failed'})
    })

    it('takes back an artifact made as the interrupt came, so that an interrupted commit records nothing', async () => {
      const late = hooked('late', async (interrupt) => {
        interrupt()
        return 'snap/late:1'
      })
      // The hook backend cannot remove artifacts, so the error names the one left for the user.
      await expect(late).rejects.toMatchObject({code: 'BOTTLE_INTERRUPTED', message: expect.stringContaining('snap/late:1 was made but not recorded')})
      expect(await readdir(join(stateRoot, 'late'))).toEqual(['metadata.json'])
    })
  })

  it('refuses an unsafe slug before touching anything', async () => {
    for (const slug of ['../x', '', 'a b', 'Upper', 'a'.repeat(65), 'x;rm', '$(x)']) {
      await expect(commitBottle({slug, registry, config, stateRoot, io})).rejects.toMatchObject({code: 'BOTTLE_BAD_INPUT'})
    }

    await expect(readdir(stateRoot)).rejects.toMatchObject({code: 'ENOENT'})
  })

  it('fails with the unknown-backend message when state names a backend nobody registers', async () => {
    await mkdir(join(stateRoot, 'u'), {recursive: true})
    await writeFile(join(stateRoot, 'u', 'metadata.json'), JSON.stringify({backend: 'lima'}))
    await expect(commitBottle({slug: 'u', registry, config, stateRoot, io})).rejects.toMatchObject({
      code: 'BOTTLE_BACKEND_UNAVAILABLE',
      message: expect.stringContaining('unknown backend "lima": registered backends are docker, empty, hook, vm'),
    })
  })
})
