import {ToolFailed, defineLifecycle} from '@bottle/core/plugin'
import type {BottleStatus, ExecResult, Freezer, LifecycleContext} from '@bottle/core/plugin'
import {copyFile, rm} from 'node:fs/promises'
import {basename, join} from 'node:path'

import type freezer from './freezer.js'
import {PAYLOAD_SUFFIX, newPackPath} from './pack-path.js'
import {smolvm, toolMessage} from './tool.js'

type SmolmachinesOptions = typeof freezer extends Freezer<infer Options> ? Options : never
type Context = LifecycleContext<SmolmachinesOptions>

export default defineLifecycle<SmolmachinesOptions>({
  apiVersion: 1,

  async launch(ctx, spec) {
    const source = spec.fromArtifact || spec.source.endsWith(PAYLOAD_SUFFIX) ? ['--from', spec.source] : ['--image', spec.source]
    const env = spec.env.flatMap((entry) => ['--env', entry])
    const command = spec.command.length > 0 ? ['--', ...spec.command] : []
    await run(ctx, ['machine', 'create', '--name', ctx.bottleName, ...source, ...env, ...command], 'machine create')
    await run(ctx, ['machine', 'start', '--name', ctx.bottleName], 'machine start')
  },

  async status(ctx) {
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
    return (state === 'running' ? 'running' : 'stopped') satisfies BottleStatus
  },

  start: async (ctx) => void (await run(ctx, ['machine', 'start', '--name', ctx.bottleName], 'machine start')),
  stop: async (ctx) => void (await run(ctx, ['machine', 'stop', '--name', ctx.bottleName], 'machine stop')),

  async remove(ctx) {
    const stopped = await smolvm(ctx, ['machine', 'stop', '--name', ctx.bottleName])
    // Already gone is what was asked for.
    if (stopped.exitCode !== 0 && /machine '[^']*' not found/.test(toolMessage(stopped))) return
    if (stopped.exitCode !== 0) throw failure(ctx, 'machine stop', stopped)
    await run(ctx, ['machine', 'delete', '--name', ctx.bottleName], 'machine delete')
  },

  /** A pack is two files, the stub and its payload: both travel. */
  async exportArtifact(_ctx, artifact, dir) {
    await Promise.all([copyFile(stubOf(artifact), join(dir, basename(stubOf(artifact)))), copyFile(artifact, join(dir, basename(artifact)))])
  },

  async importArtifact(ctx, artifact, dir) {
    const out = await newPackPath(ctx.stateDir, new Date())
    await copyFile(join(dir, basename(stubOf(artifact))), out)
    await copyFile(join(dir, basename(artifact)), out + PAYLOAD_SUFFIX)
    return out + PAYLOAD_SUFFIX
  },

  async removeArtifact(_ctx, artifact) {
    await Promise.all([rm(stubOf(artifact), {force: true}), rm(artifact, {force: true})])
  },

  async toolVersion(ctx) {
    // "smolvm 1.0.2"
    const result = await run(ctx, ['--version'], 'version')
    return result.stdout.trim().split(/\s+/).at(-1) ?? ''
  },
})

/** The executable stub smolvm writes beside the payload `freeze` records. */
function stubOf(payload: string): string {
  return payload.endsWith(PAYLOAD_SUFFIX) ? payload.slice(0, -PAYLOAD_SUFFIX.length) : payload
}


async function run(ctx: Context, args: readonly string[], verb: string): Promise<ExecResult> {
  const result = await smolvm(ctx, args)
  if (result.exitCode !== 0) throw failure(ctx, verb, result)
  return result
}

function failure(ctx: Context, verb: string, result: ExecResult): Error {
  return new ToolFailed(`${ctx.options.binary} ${verb} of ${ctx.bottleName} failed: ${toolMessage(result)}`)
}

