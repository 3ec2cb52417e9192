import {BottleNotFound, ErrorCode, ToolFailed, defineLifecycle} from '@bottle/core/plugin'
import type {BottleStatus, ExecResult, Freezer, LifecycleContext} from '@bottle/core/plugin'
import {join} from 'node:path'

import type freezer from './freezer.js'
import {parseInspect} from './inspect.js'
import {schemeArgs} from './registry-scheme.js'
import {containerRelease} from './release.js'
import {describeSystemStatus} from './system-status.js'
import {container, toolMessage} from './tool.js'

type ContainerOptions = typeof freezer extends Freezer<infer Options> ? Options : never
type Context = LifecycleContext<ContainerOptions>

/** `container image save` writes this OCI tar in the export folder; `container image load` reads it back. */
const IMAGE_TAR = 'image.tar'

export default defineLifecycle<ContainerOptions>({
  apiVersion: 1,

  async launch(ctx, spec) {
    const env = spec.env.flatMap((entry) => ['-e', entry])
    const scheme = schemeArgs(spec.source, await containerRelease(ctx), ctx.options.plainHttpRegistries)
    await run(ctx, ['run', '--name', ctx.bottleName, '-d', ...scheme, ...env, spec.source, ...spec.command], 'run')
  },

  async status(ctx) {
    const result = await container(ctx, ['inspect', ctx.bottleName])
    if (result.exitCode !== 0) {
      if (/notFound/.test(toolMessage(result))) return 'missing'
      throw failure(ctx, 'inspect', result)
    }

    try {
      const {status} = parseInspect(result.stdout, ctx.bottleName, ctx.options.binary)
      // A container on its way down is still up; "unknown" is the runtime's own word for one it lost track of.
      const states: Record<string, BottleStatus> = {running: 'running', stopping: 'running', stopped: 'stopped'}
      const state = states[status]
      if (!state) throw new ToolFailed(`${ctx.options.binary} reports ${ctx.bottleName} as "${status}"`)
      return state
    } catch (error) {
      // Before 1.0 a missing container is an empty list.
      if ((error as {code?: string}).code === ErrorCode.BottleNotFound) return 'missing'
      throw error
    }
  },

  start: async (ctx) => void (await run(ctx, ['start', ctx.bottleName], 'start')),
  stop: async (ctx) => void (await run(ctx, ['stop', ctx.bottleName], 'stop')),

  async remove(ctx) {
    try {
      // Stopping first (a stopped one is no error) spares relying on delete --force.
      await run(ctx, ['stop', ctx.bottleName], 'stop')
      await run(ctx, ['delete', ctx.bottleName], 'delete')
    } catch (error) {
      // Already gone is what was asked for.
      if ((error as {code?: string}).code !== ErrorCode.BottleNotFound) throw error
    }
  },

  async exportArtifact(ctx, artifact, dir) {
    await run(ctx, ['image', 'save', '-o', join(dir, IMAGE_TAR), artifact], 'image save')
  },

  async importArtifact(ctx, artifact, dir) {
    await run(ctx, ['image', 'load', '-i', join(dir, IMAGE_TAR)], 'image load')
    return artifact
  },

  async removeArtifact(ctx, artifact) {
    const result = await container(ctx, ['image', 'delete', artifact])
    // Already gone (removed by hand) is what was asked for.
    if (result.exitCode !== 0 && !/notFound: "image not found/.test(toolMessage(result))) throw failure(ctx, 'image delete', result)
  },

  async toolVersion(ctx) {
    const {version, problem} = await containerRelease(ctx)
    if (!version) throw new ToolFailed(`${ctx.options.binary} --version did not tell its version: ${problem}`)
    return version
  },

  /** The system service the CLI talks to; it prints its status as JSON and exits 1 when the service is not running. */
  async endpoint(ctx) {
    const result = await container(ctx, ['system', 'status', '--format', 'json'])
    if (result.exitCode !== 0 && !result.stdout.trim()) throw new ToolFailed(`${ctx.options.binary} system status failed: ${toolMessage(result)}`)
    return describeSystemStatus(result.stdout, ctx.options.binary)
  },
})

async function run(ctx: Context, args: readonly string[], verb: string): Promise<ExecResult> {
  const result = await container(ctx, args)
  if (result.exitCode !== 0) throw failure(ctx, verb, result)
  return result
}

function failure(ctx: Context, verb: string, result: ExecResult): Error {
  const message = toolMessage(result)
  if (/notFound: "container not found/.test(message)) return new BottleNotFound(`no container named ${ctx.bottleName} (${ctx.options.binary}: ${message})`)
  return new ToolFailed(`${ctx.options.binary} ${verb} of ${ctx.bottleName} failed: ${message}`)
}
