import {BottleError, ErrorCode, checkImageReference, defineLifecycle} from '@bottle/core/plugin'
import type {BottleStatus, Freezer, LifecycleContext} from '@bottle/core/plugin'
import {join} from 'node:path'

import {containerState, engineVersion} from './ask-engine.js'
import type freezer from './freezer.js'
import {engineEndpoint} from './endpoint.js'
import {checkImageArchive, checkLoaded, checkNameFree, ownNamePattern, readImageArchive, renameForSlug} from './image-archive.js'
import {runArgs} from './run-args.js'
import {NO_SUCH_IMAGE, dockerCli} from './tool.js'

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
    await docker.runOrFail('run', args, {uninterruptible: true})
  },

  async prepare(ctx, spec) {
    await pullIfMissing(ctx, spec.source)
    // Created under a name of its own and removed at once: the engine takes this image, run options, environment and command.
    const trial = `${ctx.bottleName}-check-${process.pid}`
    try {
      await dockerCli(ctx).runOrFail('create', ['create', '--name', trial, ...runArgs(spec.run), ...envFlags(spec.env), spec.source, ...spec.command])
    } finally {
      await dockerCli(ctx).run(['rm', '--force', trial], {uninterruptible: true})
    }
  },

  async status(ctx) {
    const state = await containerState(ctx)
    if (state === undefined) return 'missing'
    const running: Record<string, BottleStatus> = {running: 'running', paused: 'running', restarting: 'running'}
    return running[state] ?? 'stopped'
  },

  start: async (ctx) => void (await dockerCli(ctx).runOrFail('start', ['start', ctx.bottleName])),
  stop: async (ctx) => void (await dockerCli(ctx).runOrFail('stop', ['stop', ctx.bottleName])),
  async remove(ctx) {
    const docker = dockerCli(ctx)
    await docker.runOrFail('rm', ['rm', ...(await docker.engine()).forceRemove, ctx.bottleName])
  },

  async exportArtifact(ctx, artifact, dir) {
    await dockerCli(ctx).runOrFail('save', ['save', '-o', join(dir, IMAGE_TAR), artifact])
  },

  async importArtifact(ctx, artifact, dir) {
    const archive = join(dir, IMAGE_TAR)
    const docker = dockerCli(ctx)
    const contents = await readImageArchive(ctx, archive)
    // Imported under another slug (import --as): loaded under the exporting bottle's name, then given this bottle's.
    const renamed = renameForSlug(ctx.options.tagScheme, ctx.slug, artifact)
    const existed = await checkImageArchive(docker, contents, artifact, ownNamePattern(ctx.options.tagScheme, renamed ? undefined : ctx.slug))
    const renamedExisted = renamed !== undefined && (await checkNameFree(docker, renamed, contents.imageId))
    // The engine finishes a load once asked: wait for it, so that an interrupted import can take back what it loaded.
    const loaded = await docker.run(['load', '-i', archive], {uninterruptible: true})
    // From here, whatever fails or interrupts takes back every name the load and the rename made, and only those.
    const made = [...(existed ? [] : [artifact]), ...(renamed && !renamedExisted ? [renamed] : [])]
    try {
      if (loaded.exitCode !== 0) throw docker.failure('load', loaded)
      if (ctx.signal.aborted) throw ctx.signal.reason
      // Uninterruptible: a killed inspect must not pass for an archive that loaded another image.
      await checkLoaded(docker, contents, artifact)
      if (renamed) {
        await docker.runOrFail('tag', ['tag', artifact, renamed], {uninterruptible: true})
        // The exporting bottle's name is not this bottle's to keep (its rm --purge would untag it), unless it was here before.
        if (!existed) await docker.runOrFail('rmi', ['rmi', artifact], {uninterruptible: true})
      }

      if (ctx.signal.aborted) throw ctx.signal.reason
      return renamed ?? artifact
    } catch (error) {
      if (made.length > 0) await docker.run(['image', 'rm', ...made], {uninterruptible: true})
      if (ctx.signal.aborted) throw new BottleError(ErrorCode.Interrupted, `interrupted: ${renamed ?? artifact} was not kept`)
      throw error
    }
  },

  async pushArtifact(ctx, artifact, reference) {
    const tag = artifact.slice(artifact.lastIndexOf(':') + 1)
    // A reference without a tag keeps the snapshot's own, so each push stays a distinct snapshot.
    const target = checkImageReference(/:[\w][\w.-]*$/.test(reference.split('/').at(-1)!) ? reference : `${reference}:${tag}`, '--push')
    const existed = await hasImage(ctx, target)
    const docker = dockerCli(ctx)
    await docker.runOrFail('tag', ['tag', artifact, target])
    try {
      await docker.runOrFail('push', ['push', ...(await docker.engine()).registryFlags(target), target])
    } catch (error) {
      // A failed or interrupted push leaves no local tag it made.
      if (!existed) await docker.run(['image', 'rm', target], {uninterruptible: true})
      throw error
    }

    return target
  },

  async removeArtifact(ctx, artifact) {
    const docker = dockerCli(ctx)
    const result = await docker.run(['rmi', artifact])
    // Already gone (removed by hand) is what was asked for; in use by a container is not.
    if (result.exitCode !== 0 && !NO_SUCH_IMAGE.test(docker.message(result))) throw docker.failure('rmi', result)
  },

  toolVersion: (ctx) => engineVersion(ctx),

  async list(ctx, prefix) {
    // The name filter matches anywhere in the name: the host keeps those that start with the prefix.
    const result = await dockerCli(ctx).runOrFail('ps', ['ps', '--all', '--filter', `name=${prefix}`, '--format', '{{.Names}}'])
    return result.stdout.split('\n').filter((name) => name.startsWith(prefix))
  },

  binary: (ctx) => ctx.options.binary,

  endpoint: (ctx) => engineEndpoint(dockerCli(ctx), ctx.options.context),
})

async function hasImage(ctx: Context, reference: string): Promise<boolean> {
  return (await dockerCli(ctx).run(['image', 'inspect', '--format', '{{.Id}}', reference])).exitCode === 0
}

async function pullIfMissing(ctx: Context, reference: string): Promise<void> {
  if (await hasImage(ctx, reference)) return
  const docker = dockerCli(ctx)
  await docker.runOrFail('pull', ['pull', ...(await docker.engine()).registryFlags(reference), reference])
}

const envFlags = (env: readonly string[]) => env.flatMap((entry) => ['-e', entry])
