import {BottleError, BottleNotFound, ErrorCode, ToolFailed, checkImageReference, defineFreezer, renderTagScheme} from '@bottle/core/plugin'
import type {ExecResult, FreezeContext} from '@bottle/core/plugin'
import {z} from 'zod'

import {discardImage} from './discard-image.js'
import {detectedEngine} from './engine.js'
import {ENGINE_UNREACHABLE, dockerCli, toolMessage} from './tool.js'
import {blankingChanges, dockerSecretRules, ensureBlanked, lookForCredentialFiles, secretEnvNames, warnAboutCredentialFiles} from './scrub.js'

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

const InspectOutput = z
  .array(
    z.object({
      Mounts: z.array(z.object({Type: z.string().optional(), Name: z.string().optional(), Source: z.string().optional(), Destination: z.string()})).nullish(),
      Config: z.object({Env: z.array(z.string()).nullish()}).nullish(),
      State: z.object({Running: z.boolean().optional(), Paused: z.boolean().optional()}).nullish(),
    }),
  )
  .min(1)

export default defineFreezer<DockerOptions>({
  apiVersion: 1,
  optionsSchema: DockerOptions,

  async freeze(ctx) {
    const docker = dockerCli(ctx)
    const secrets = dockerSecretRules(ctx)
    // Questions at once: one round trip to the engine fewer on every commit.
    const [inspected, credentialFiles, engine] = await Promise.all([
      docker(['inspect', '--type', 'container', ctx.bottleName]),
      lookForCredentialFiles(ctx, docker, secrets),
      docker.engine(),
    ])
    if (inspected.exitCode !== 0) throw inspectFailure(ctx, inspected)
    const container = parseInspect(ctx.options.binary, inspected.stdout)[0]
    warnAboutMounts(ctx, container)
    const blanked = secretEnvNames(container?.Config?.Env ?? [], secrets)
    warnAboutCredentialFiles(ctx, credentialFiles, secrets)

    const tag = checkImageReference(renderTagScheme(ctx.options.tagScheme, ctx.slug, new Date()), 'backends.docker.tagScheme')
    ctx.info(`committing ${ctx.bottleName} to ${tag}`)
    // The engine finishes a commit once asked, whatever happens to its client: wait for it, so that we know what to remove.
    const committed = await docker(
      [
        'commit',
        `--pause=${ctx.options.pause}`,
        ...engine.commitMessage(`bottle commit ${ctx.slug}`),
        '--change',
        `LABEL dev.bottle.slug=${ctx.slug}`,
        ...blankingChanges(blanked),
        ctx.bottleName,
        tag,
      ],
      {uninterruptible: true},
    )
    if (ctx.signal.aborted) {
      await discardImage(ctx, docker, tag, false)
      throw new BottleError(ErrorCode.Interrupted, `interrupted: ${tag} was not kept`)
    }

    if (committed.exitCode !== 0) {
      await discardImage(ctx, docker, tag, ctx.options.pause && !container?.State?.Paused)
      throw new ToolFailed(`${ctx.options.binary} commit of ${ctx.bottleName} failed: ${toolMessage(committed)}`)
    }

    try {
      await ensureBlanked(docker, engine, ctx.options.binary, tag, blanked)
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

function inspectFailure(ctx: FreezeContext<DockerOptions>, result: ExecResult): Error {
  const message = toolMessage(result)
  if (/No such (container|object)/i.test(message)) {
    return new BottleNotFound(`no container named ${ctx.bottleName} (${ctx.options.binary}: ${message})`)
  }

  if (ENGINE_UNREACHABLE.test(message)) {
    return new ToolFailed(`cannot reach the container engine: ${message}`)
  }

  return new ToolFailed(`${ctx.options.binary} inspect of ${ctx.bottleName} failed: ${message}`)
}

function parseInspect(binary: string, stdout: string): z.infer<typeof InspectOutput> {
  let data: unknown
  try {
    data = JSON.parse(stdout)
  } catch {
    throw new ToolFailed(`${binary} inspect printed output that is not JSON: ${JSON.stringify(stdout.slice(0, 80))}`)
  }

  const parsed = InspectOutput.safeParse(data)
  if (!parsed.success) throw new ToolFailed(`${binary} inspect printed an unexpected JSON shape`)
  return parsed.data
}

/** A commit holds only the container's writable layer: say which data stays behind. */
function warnAboutMounts(ctx: FreezeContext<DockerOptions>, container: z.infer<typeof InspectOutput>[number] | undefined): void {
  for (const mount of container?.Mounts ?? []) {
    const what = mount.Type === 'volume' ? `volume ${mount.Name ?? mount.Source}` : `${mount.Type ?? 'bind'} mount ${mount.Source}`
    ctx.warn(`${what} at ${mount.Destination} is not in the committed image`)
  }
}
