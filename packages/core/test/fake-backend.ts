import {join} from 'node:path'

import type {BottleConfig} from '../src/config/config-schema.js'
import {BackendRegistry} from '../src/registry/backend-registry.js'
import {declaration, fakePlugin, tempDir} from './fixtures.js'

/**
 * A backend that keeps its bottles and artifacts in memory, so that the
 * host's operations can be tested without an engine: what a real backend
 * would have done shows in `world()`. `fail` makes one operation fail.
 */
export interface FakeWorld {
  bottles: Record<string, {status: 'running' | 'stopped'; source: string; env: string[]}>
  artifacts: Record<string, string>
  calls: string[]
  fail: Partial<Record<string, string>>
  commits: number
}

export function world(): FakeWorld {
  const global = globalThis as {__fakeWorld?: FakeWorld}
  global.__fakeWorld ??= {bottles: {}, artifacts: {}, calls: [], fail: {}, commits: 0}
  return global.__fakeWorld
}

export function resetWorld(): void {
  delete (globalThis as {__fakeWorld?: FakeWorld}).__fakeWorld
}

const prelude = `
const world = () => (globalThis.__fakeWorld ??= {bottles: {}, artifacts: {}, calls: [], fail: {}, commits: 0})
const failure = (code, message) => Object.assign(new Error(message), {code})
const step = (op, ctx) => {
  world().calls.push(op + ' ' + ctx.bottleName)
  if (world().fail[op]) throw failure('BOTTLE_TOOL_FAILED', 'fake ' + op + ' failed: ' + world().fail[op])
}
`

const freezer = `${prelude}
export default {
  apiVersion: 1,
  async freeze(ctx) {
    step('freeze', ctx)
    if (!world().bottles[ctx.bottleName]) throw failure('BOTTLE_NOT_FOUND', 'no bottle named ' + ctx.bottleName)
    const ref = 'fake/' + ctx.slug + ':' + ++world().commits
    world().artifacts[ref] = ctx.bottleName
    return ref
  },
}`

const lifecycle = `${prelude}
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
export default {
  apiVersion: 1,
  async launch(ctx, spec) {
    if (world().bottles[ctx.bottleName]) throw failure('BOTTLE_TOOL_FAILED', ctx.bottleName + ' already exists')
    if (spec.fromArtifact && !(spec.source in world().artifacts)) throw failure('BOTTLE_TOOL_FAILED', 'no artifact ' + spec.source)
    // Like docker run: the bottle exists before the start can fail.
    world().bottles[ctx.bottleName] = {status: 'stopped', source: spec.source, env: [...spec.env]}
    step('launch', ctx)
    world().bottles[ctx.bottleName].status = 'running'
  },
  async prepare(ctx, spec) {
    step('prepare', ctx)
    if (spec.fromArtifact && !(spec.source in world().artifacts)) throw failure('BOTTLE_TOOL_FAILED', 'cannot pull ' + spec.source)
  },
  async status(ctx) {
    step('status', ctx)
    return world().bottles[ctx.bottleName]?.status ?? 'missing'
  },
  async start(ctx) { step('start', ctx); world().bottles[ctx.bottleName].status = 'running' },
  async stop(ctx) { step('stop', ctx); world().bottles[ctx.bottleName].status = 'stopped' },
  async remove(ctx) { step('remove', ctx); delete world().bottles[ctx.bottleName] },
  async exportArtifact(ctx, artifact, dir) {
    step('exportArtifact', ctx)
    await writeFile(join(dir, 'artifact.json'), JSON.stringify({artifact}))
  },
  async importArtifact(ctx, artifact, dir) {
    step('importArtifact', ctx)
    const saved = JSON.parse(await readFile(join(dir, 'artifact.json'), 'utf8')).artifact
    world().artifacts[saved] = 'imported'
    return saved
  },
  async pushArtifact(ctx, artifact, reference) {
    step('pushArtifact', ctx)
    world().artifacts[reference] = artifact
    return reference
  },
  async removeArtifact(ctx, artifact) {
    step('removeArtifact ' + artifact, ctx)
    if (world().fail.removeArtifact === artifact) throw failure('BOTTLE_TOOL_FAILED', 'in use: ' + artifact)
    delete world().artifacts[artifact]
  },
  async toolVersion(ctx) { step('toolVersion', ctx); return '9.9' },
  async endpoint() { return 'the fake engine' },
  async list(ctx, prefix) { return Object.keys(world().bottles).filter((name) => name.startsWith(prefix)) },
}`

export const fakeConfig: BottleConfig = {prefix: 'fk-', backendPlugins: {}, trustedPlugins: [], backends: {}, backendSources: {}, files: []}

/** A host with the fake backend (as `fake`, and as `docker` for bottles with no state), a commit-only one (`frozen`), and a state root of its own. */
export async function fakeHost(now = () => new Date('2026-03-04T05:06:07Z')) {
  resetWorld()
  const root = await tempDir()
  const plugin = await fakePlugin(
    root,
    'fake-plugin',
    declaration({
      fake: {freezer: './f.js', lifecycle: './l.js'},
      docker: {freezer: './f.js', lifecycle: './l.js'},
      frozen: {freezer: './f.js'},
    }),
    {
      'f.js': freezer,
      'l.js': lifecycle,
    },
  )
  const said: string[] = []
  const answers: boolean[] = []
  const io = {
    info: (message: string) => said.push(`info ${message}`),
    warn: (message: string) => said.push(`warn ${message}`),
    async confirm(question: string) {
      said.push(`ask ${question}`)
      return answers.shift() ?? false
    },
  }
  return {
    root,
    stateRoot: join(root, 'state'),
    plugins: [plugin],
    registry: BackendRegistry.fromPlugins([plugin]),
    config: fakeConfig,
    io,
    now,
    said,
    /** The user's next answers to confirmations (default no). */
    answers,
  }
}
