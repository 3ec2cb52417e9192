import {BottleError, ErrorCode, ToolFailed, checkImageReference, defineLifecycle} from '@bottle/core/plugin'
import type {BottleStatus, ExecOptions, ExecResult, Freezer, LifecycleContext} from '@bottle/core/plugin'
import {join} from 'node:path'

import {containerState, engineVersion} from './ask-engine.js'
import type freezer from './freezer.js'
import {engineEndpoint} from './endpoint.js'
import {anySlugNamePattern, checkImageArchive, checkLoaded, checkNameFree, ownNamePattern, readImageArchive, renameForSlug} from './image-archive.js'
import {runArgs} from './run-args.js'
import {ENGINE_UNREACHABLE, NO_SUCH_IMAGE, dockerCli, toolMessage} from './tool.js'

type DockerOptions = typeof freezer extends Freezer<infer Options> ? Options : never
type Context = LifecycleContext<DockerOptions>

/** `docker save` writes this in the export folder; `docker load` reads it back, tags included, once checked. */
const IMAGE_TAR = 'image.tar'

export default defineLifecycle<DockerOptions>({
  apiVersion: 1,

  async launch(ctx, spec) {
    const docker = dockerCli(ctx)
    const engine = await docker.engine()
    // Pulled first, interruptibly (a pushed snapshot comes back from its registry); then the engine, which
    // finishes creating a container once asked, is waited for, so that an interrupted launch can remove it.
    await pullIfMissing(ctx, spec.source)
    const args = [
      'run',
      '-d',
      '--name',
      ctx.bottleName,
      '--label',
      `dev.bottle.slug=${ctx.slug}`,
      ...engine.registryFlags(spec.source),
      ...runArgs(spec.run),
      ...envFlags(spec.env),
      spec.source,
      ...spec.command,
    ]
    await run(ctx, args, 'run', {uninterruptible: true})
  },

  async prepare(ctx, spec) {
    await pullIfMissing(ctx, spec.source)
    // Created under a name of its own and removed at once: the engine takes this image, run options, environment and command.
    const trial = `${ctx.bottleName}-check-${process.pid}`
    try {
      await run(ctx, ['create', '--name', trial, ...runArgs(spec.run), ...envFlags(spec.env), spec.source, ...spec.command], 'create')
    } finally {
      await dockerCli(ctx)(['rm', '--force', trial], {uninterruptible: true})
    }
  },

  async status(ctx) {
    const state = await containerState(ctx, (result) => failure(ctx, 'inspect', result))
    if (state === undefined) return 'missing'
    const running: Record<string, BottleStatus> = {running: 'running', paused: 'running', restarting: 'running'}
    return running[state] ?? 'stopped'
  },

  start: async (ctx) => void (await run(ctx, ['start', ctx.bottleName], 'start')),
  stop: async (ctx) => void (await run(ctx, ['stop', ctx.bottleName], 'stop')),
  remove: async (ctx) => void (await run(ctx, ['rm', ...(await dockerCli(ctx).engine()).forceRemove, ctx.bottleName], 'rm')),

  async exportArtifact(ctx, artifact, dir) {
    await run(ctx, ['save', '-o', join(dir, IMAGE_TAR), artifact], 'save')
  },

  async importArtifact(ctx, artifact, dir) {
    const archive = join(dir, IMAGE_TAR)
    const docker = dockerCli(ctx)
    const contents = await readImageArchive(ctx, archive)
    // Imported under another slug (import --as): loaded under the exporting bottle's name, then given this bottle's.
    const renamed = renameForSlug(ctx.options.tagScheme, ctx.slug, artifact)
    await checkImageArchive(docker, contents, artifact, renamed ? anySlugNamePattern(ctx.options.tagScheme) : ownNamePattern(ctx.options.tagScheme, ctx.slug))
    if (renamed) await checkNameFree(docker, renamed, contents.imageId)
    const existed = await hasImage(ctx, artifact)
    // The engine finishes a load once asked: wait for it, so that an interrupted import can take back what it loaded.
    const loaded = await docker(['load', '-i', archive], {uninterruptible: true})
    if (loaded.exitCode !== 0 || ctx.signal.aborted) {
      if (!existed) await docker(['image', 'rm', artifact], {uninterruptible: true})
      if (ctx.signal.aborted) throw new BottleError(ErrorCode.Interrupted, `interrupted: ${artifact} was not kept`)
      throw failure(ctx, 'load', loaded)
    }

    await checkLoaded(docker, contents, artifact)
    if (!renamed) return artifact
    await run(ctx, ['tag', artifact, renamed], 'tag')
    // The exporting bottle's name is not this bottle's to keep (its rm --purge would untag it), unless it was here before.
    if (!existed) await run(ctx, ['rmi', artifact], 'rmi')
    return renamed
  },

  async pushArtifact(ctx, artifact, reference) {
    const tag = artifact.slice(artifact.lastIndexOf(':') + 1)
    // A reference without a tag keeps the snapshot's own, so each push stays a distinct snapshot.
    const target = checkImageReference(/:[\w][\w.-]*$/.test(reference.split('/').at(-1)!) ? reference : `${reference}:${tag}`, '--push')
    const existed = await hasImage(ctx, target)
    await run(ctx, ['tag', artifact, target], 'tag')
    try {
      await run(ctx, ['push', ...(await dockerCli(ctx).engine()).registryFlags(target), target], 'push')
    } catch (error) {
      // A failed or interrupted push leaves no local tag it made.
      if (!existed) await dockerCli(ctx)(['image', 'rm', target], {uninterruptible: true})
      throw error
    }

    return target
  },

  async removeArtifact(ctx, artifact) {
    const result = await dockerCli(ctx)(['rmi', artifact])
    // Already gone (removed by hand) is what was asked for; in use by a container is not.
    if (result.exitCode !== 0 && !NO_SUCH_IMAGE.test(toolMessage(result))) throw failure(ctx, 'rmi', result)
  },

  toolVersion: (ctx) => engineVersion(ctx, (result) => failure(ctx, 'version', result)),

  async list(ctx, prefix) {
    // The name filter matches anywhere in the name: the host keeps those that start with the prefix.
    const result = await dockerCli(ctx)(['ps', '--all', '--filter', `name=${prefix}`, '--format', '{{.Names}}'])
    if (result.exitCode !== 0) throw failure(ctx, 'ps', result)
    return result.stdout.split('\n').filter((name) => name.startsWith(prefix))
  },

  binary: (ctx) => ctx.options.binary,

  endpoint: (ctx) => engineEndpoint(dockerCli(ctx), ctx.options.context),
})

async function hasImage(ctx: Context, reference: string): Promise<boolean> {
  return (await dockerCli(ctx)(['image', 'inspect', '--format', '{{.Id}}', reference])).exitCode === 0
}

async function pullIfMissing(ctx: Context, reference: string): Promise<void> {
  if (await hasImage(ctx, reference)) return
  await run(ctx, ['pull', ...(await dockerCli(ctx).engine()).registryFlags(reference), reference], 'pull')
}

const envFlags = (env: readonly string[]) => env.flatMap((entry) => ['-e', entry])

async function run(ctx: Context, args: readonly string[], verb: string, options?: ExecOptions): Promise<ExecResult> {
  const result = await dockerCli(ctx)(args, options)
  if (result.exitCode !== 0) throw failure(ctx, verb, result)
  return result
}

function failure(ctx: Context, verb: string, result: ExecResult): Error {
  const message = toolMessage(result)
  if (ENGINE_UNREACHABLE.test(message)) return new ToolFailed(`cannot reach the container engine: ${message}`)
  if (/invalid reference format/i.test(message)) return new BottleError(ErrorCode.BadInput, `${ctx.options.binary} ${verb}: ${message}`)
  // A backend-wide call (version, ps) has no bottle name to give.
  return new ToolFailed(`${ctx.options.binary} ${verb}${ctx.bottleName ? ` of ${ctx.bottleName}` : ''} failed: ${message}`)
}
