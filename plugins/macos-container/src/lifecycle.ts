import {ErrorCode, ToolFailed, defineLifecycle} from '@bottle/core/plugin'
import type {BottleStatus, Freezer} from '@bottle/core/plugin'
import {join} from 'node:path'

import type freezer from './freezer.js'
import {checkImageArchive} from './image-archive.js'
import {parseInspect} from './inspect.js'
import {schemeArgs} from './registry-scheme.js'
import {containerRelease} from './release.js'
import {describeSystemStatus} from './system-status.js'
import {container} from './tool.js'

type ContainerOptions = typeof freezer extends Freezer<infer Options> ? Options : never

/** `container image save` writes this OCI tar in the export folder; `container image load` reads it back. */
const IMAGE_TAR = 'image.tar'

export default defineLifecycle<ContainerOptions>({
  apiVersion: 1,

  async launch(ctx, spec) {
    const env = spec.env.flatMap((entry) => ['-e', entry])
    const scheme = schemeArgs(spec.source, await containerRelease(ctx), ctx.options.plainHttpRegistries)
    await container(ctx).runOrFail('run', ['run', '--name', ctx.bottleName, '-d', ...scheme, ...env, spec.source, ...spec.command])
  },

  async status(ctx) {
    const tool = container(ctx)
    const result = await tool.run(['inspect', ctx.bottleName])
    try {
      if (result.exitCode !== 0) throw tool.failure('inspect', result)
      const {status} = await parseInspect(result.stdout, ctx.bottleName, ctx.options.binary)
      // A container on its way down is still up; "unknown" is the runtime's own word for one it lost track of.
      const states: Record<string, BottleStatus> = {running: 'running', stopping: 'running', stopped: 'stopped'}
      const state = states[status]
      if (!state) throw new ToolFailed(`${ctx.options.binary} reports ${ctx.bottleName} as "${status}"`)
      return state
    } catch (error) {
      // notFound from 1.0; before 1.0 a missing container is an empty list.
      if ((error as {code?: string}).code === ErrorCode.BottleNotFound) return 'missing'
      throw error
    }
  },

  start: async (ctx) => void (await container(ctx).runOrFail('start', ['start', ctx.bottleName])),
  stop: async (ctx) => void (await container(ctx).runOrFail('stop', ['stop', ctx.bottleName])),

  async remove(ctx) {
    try {
      // Stopping first (a stopped one is no error) spares relying on delete --force.
      await container(ctx).runOrFail('stop', ['stop', ctx.bottleName])
      await container(ctx).runOrFail('delete', ['delete', ctx.bottleName])
    } catch (error) {
      // Already gone is what was asked for.
      if ((error as {code?: string}).code !== ErrorCode.BottleNotFound) throw error
    }
  },

  async exportArtifact(ctx, artifact, dir) {
    await container(ctx).runOrFail('image save', ['image', 'save', '-o', join(dir, IMAGE_TAR), artifact])
  },

  async importArtifact(ctx, artifact, dir) {
    const archive = join(dir, IMAGE_TAR)
    await checkImageArchive(ctx, archive, artifact)
    await container(ctx).runOrFail('image load', ['image', 'load', '-i', archive])
    return artifact
  },

  async removeArtifact(ctx, artifact) {
    const tool = container(ctx)
    const result = await tool.run(['image', 'delete', artifact])
    // Already gone (removed by hand) is what was asked for.
    if (result.exitCode !== 0 && !/notFound: "image not found/.test(tool.message(result))) throw tool.failure('image delete', result)
  },

  async toolVersion(ctx) {
    const {version, problem} = await containerRelease(ctx)
    if (!version) throw new ToolFailed(`${ctx.options.binary} --version did not tell its version: ${problem}`)
    return version
  },

  /** The system service the CLI talks to; it prints its status as JSON and exits 1 when the service is not running. */
  async endpoint(ctx) {
    const tool = container(ctx)
    const result = await tool.run(['system', 'status', '--format', 'json'])
    if (result.exitCode !== 0 && !result.stdout.trim()) throw new ToolFailed(`${ctx.options.binary} system status failed: ${tool.message(result)}`)
    return describeSystemStatus(result.stdout, ctx.options.binary)
  },
})
