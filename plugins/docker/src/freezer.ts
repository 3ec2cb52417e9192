import {BottleError, ErrorCode, ToolFailed, checkImageReference, defineFreezer, renderTagScheme, z} from '@bottle/core/plugin'
import type {FreezeContext} from '@bottle/core/plugin'

import {type Container, commitContainer, inspectContainer} from './ask-engine.js'
import {discardImage} from './discard-image.js'
import {detectedEngine} from './engine.js'
import {blankingChanges, dockerSecretRules, ensureBlanked, lookForCredentialFiles, secretEnvNames, warnAboutCredentialFiles} from './scrub.js'
import {dockerCli} from './tool.js'

const DockerOptions = z.strictObject({
  /** The CLI to drive: docker, podman (detected, see engine.ts), or another that takes docker's verbs (nerdctl). */
  binary: z.string().min(1).default('docker'),
  /** A docker context (`--context`), or for podman a connection (`--connection`); DOCKER_HOST, DOCKER_CONTEXT and CONTAINER_HOST are honoured without it. */
  context: z.string().min(1).optional(),
  /** The image reference to commit to; `{slug}` and `{timestamp}` are replaced. */
  tagScheme: z
    .string()
    .refine((scheme) => scheme.includes('{timestamp}'), 'must contain {timestamp}, so that every commit gets a tag of its own')
    .default('bottle/{slug}:{timestamp}'),
  /** Pause the container while committing (docker's default), so the snapshot is consistent. */
  pause: z.boolean().default(true),
  /** More environment variable names (`*` wildcards) to blank in the image, beside the secret patterns of every backend. */
  secretEnv: z.array(z.string().min(1)).default([]),
})
type DockerOptions = z.infer<typeof DockerOptions>

export default defineFreezer<DockerOptions>({
  apiVersion: 1,
  optionsSchema: DockerOptions,

  async freeze(ctx) {
    const docker = dockerCli(ctx)
    const secrets = dockerSecretRules(ctx)
    // Two questions at once: the engine answers both over its API in a few milliseconds.
    const [container, changes] = await Promise.all([inspectContainer(ctx), lookForCredentialFiles(ctx, secrets)])
    warnAboutMounts(ctx, container)
    const blanked = secretEnvNames(container.Config?.Env ?? [], secrets)
    warnAboutCredentialFiles(ctx, changes, secrets)

    const tag = checkImageReference(renderTagScheme(ctx.options.tagScheme, ctx.slug, new Date()), 'backends.docker.tagScheme')
    ctx.info(`committing ${ctx.bottleName} to ${tag}`)
    const committed = await commitContainer(ctx, {tag, message: `bottle commit ${ctx.slug}`, changes: [`LABEL dev.bottle.slug=${ctx.slug}`, ...blankingChanges(blanked)]})
    if (ctx.signal.aborted) {
      await discardImage(ctx, docker, tag, false)
      throw new BottleError(ErrorCode.Interrupted, `interrupted: ${tag} was not kept`)
    }

    if ('failure' in committed) {
      await discardImage(ctx, docker, tag, ctx.options.pause && !container.State?.Paused)
      throw new ToolFailed(`${ctx.options.binary} commit of ${ctx.bottleName} failed: ${committed.failure}`)
    }

    try {
      await ensureBlanked(ctx, docker, tag, committed.id, blanked)
    } catch (error) {
      await discardImage(ctx, docker, tag, false)
      throw error
    }

    if (blanked.length > 0) ctx.warn(`blanked in the image's environment as they look like secrets: ${blanked.join(', ')}; set them again when you run it`)
    return tag
  },

  exportHint({artifact, options}) {
    const cli = [options.binary, ...detectedEngine(options.binary).target(options.context)].join(' ')
    const file = `${artifact.replace(/[/:@]/g, '-')}.tar.gz`
    return [`${cli} save ${artifact} | gzip > ${file}`, `${options.binary} load -i ${file}`]
  },
})

/** A commit holds only the container's writable layer: say which data stays behind. */
function warnAboutMounts(ctx: FreezeContext<DockerOptions>, container: Container): void {
  for (const mount of container.Mounts ?? []) {
    const what = mount.Type === 'volume' ? `volume ${mount.Name ?? mount.Source}` : `${mount.Type ?? 'bind'} mount ${mount.Source}`
    ctx.warn(`${what} at ${mount.Destination} is not in the committed image`)
  }
}
