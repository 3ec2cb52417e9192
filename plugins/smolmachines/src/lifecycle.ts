import {ToolFailed, defineLifecycle} from '@bottle/core/plugin'
import type {BottleStatus, ExecResult, Freezer, LifecycleContext} from '@bottle/core/plugin'
import {copyFile, rm} from 'node:fs/promises'
import {basename, join} from 'node:path'

import type freezer from './freezer.js'
import {PAYLOAD_SUFFIX, artifactFiles, isCheckpoint, newPackPath} from './pack-path.js'
import {smolvmRelease} from './release.js'
import {smolvm, toolMessage} from './tool.js'

type SmolmachinesOptions = typeof freezer extends Freezer<infer Options> ? Options : never
type Context = LifecycleContext<SmolmachinesOptions>

export default defineLifecycle<SmolmachinesOptions>({
  apiVersion: 1,

  async launch(ctx, spec) {
    const fromFile = spec.fromArtifact || spec.source.endsWith(PAYLOAD_SUFFIX) || isCheckpoint(spec.source)
    const env = spec.env.flatMap((entry) => ['--env', entry])
    const command = spec.command.length > 0 ? ['--', ...spec.command] : []
    await run(ctx, ['machine', 'create', '--name', ctx.bottleName, ...(fromFile ? ['--from'] : ['--image']), spec.source, ...env, ...command], 'machine create')
    // A restored checkpoint may come back running, where it was; start only what is not.
    if (isCheckpoint(spec.source) && (await machineStatus(ctx)) === 'running') return
    await run(ctx, ['machine', 'start', '--name', ctx.bottleName], 'machine start')
  },

  status: (ctx) => machineStatus(ctx),

  start: async (ctx) => void (await run(ctx, ['machine', 'start', '--name', ctx.bottleName], 'machine start')),
  stop: async (ctx) => void (await run(ctx, ['machine', 'stop', '--name', ctx.bottleName], 'machine stop')),

  async remove(ctx) {
    // Without -f smolvm asks on stdin, and takes no answer as "Cancelled", exit 0, the machine kept.
    const result = await smolvm(ctx, ['machine', 'delete', '--name', ctx.bottleName, '-f'])
    // Already gone is what was asked for.
    if (result.exitCode !== 0 && !/not found/i.test(toolMessage(result))) throw failure(ctx, 'machine delete', result)
  },

  /** A pack is two files, the stub and its payload: both travel; a checkpoint is one. */
  async exportArtifact(_ctx, artifact, dir) {
    await Promise.all(artifactFiles(artifact).map((file) => copyFile(file, join(dir, basename(file)))))
  },

  async importArtifact(ctx, artifact, dir) {
    const out = await newPackPath(ctx.stateDir, new Date())
    const here = isCheckpoint(artifact) ? out + artifact.slice(artifact.lastIndexOf('.')) : out + PAYLOAD_SUFFIX
    const [from, to] = [artifactFiles(artifact), artifactFiles(here)]
    await Promise.all(from.map((file, i) => copyFile(join(dir, basename(file)), to[i]!)))
    return here
  },

  async removeArtifact(_ctx, artifact) {
    await Promise.all(artifactFiles(artifact).map((file) => rm(file, {force: true})))
  },

  async toolVersion(ctx) {
    const {version} = await smolvmRelease(ctx)
    if (!version) throw new ToolFailed(`${ctx.options.binary} --version did not tell its version`)
    return version
  },
})

async function machineStatus(ctx: Context): Promise<BottleStatus> {
  const result = await smolvm(ctx, ['machine', 'status', '--name', ctx.bottleName, '--json'])
  if (result.exitCode !== 0) {
    if (/not found/i.test(toolMessage(result))) return 'missing'
    throw failure(ctx, 'machine status', result)
  }

  let state: unknown
  try {
    state = (JSON.parse(result.stdout) as {state?: unknown}).state
  } catch {
    throw new ToolFailed(`${ctx.options.binary} machine status printed output that is not JSON: ${JSON.stringify(result.stdout.slice(0, 80))}`)
  }

  // created, stopped, failed, unreachable, frozen: none of them is doing work, and each can be started or removed.
  return state === 'running' ? 'running' : 'stopped'
}

async function run(ctx: Context, args: readonly string[], verb: string): Promise<ExecResult> {
  const result = await smolvm(ctx, args)
  if (result.exitCode !== 0) throw failure(ctx, verb, result)
  return result
}

function failure(ctx: Context, verb: string, result: ExecResult): Error {
  return new ToolFailed(`${ctx.options.binary} ${verb} of ${ctx.bottleName} failed: ${toolMessage(result)}`)
}
