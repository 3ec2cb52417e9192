import {
  BottleNotFound,
  DEFAULT_SECRET_RULES,
  ToolFailed,
  checkImageReference,
  defineFreezer,
  renderTagScheme,
  stopRunningBottle,
} from '@bottle/core/plugin'
import type {ExecResult, FreezeContext} from '@bottle/core/plugin'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {z} from '@bottle/core/plugin'

import {type ImageSettings, ROOTFS_TAR, rebuildDockerfile} from './dockerfile.js'
import {imageEnv} from './image-env.js'
import {type ContainerSnapshot, parseInspect} from './inspect.js'
import {container, toolMessage} from './tool.js'

const ContainerOptions = z.strictObject({
  /** The `container` CLI to drive. */
  binary: z.string().min(1).default('container'),
  /** The image reference to build; `{slug}` and `{timestamp}` are replaced. */
  tagScheme: z
    .string()
    .refine((scheme) => scheme.includes('{timestamp}'), 'must contain {timestamp}, so that every commit gets a tag of its own')
    .default('bottle/{slug}:{timestamp}'),
  /** More environment variable names (`*` wildcards) to leave out of the image, beside the secret patterns of every backend. */
  secretEnv: z.array(z.string().min(1)).default([]),
})
type ContainerOptions = z.infer<typeof ContainerOptions>
type Context = FreezeContext<ContainerOptions>

export default defineFreezer<ContainerOptions>({
  apiVersion: 1,
  optionsSchema: ContainerOptions,

  async freeze(ctx) {
    const inspected = await container(ctx, ['inspect', ctx.bottleName])
    if (inspected.exitCode !== 0) throw inspectFailure(ctx, inspected)
    const snapshot = parseInspect(inspected.stdout, ctx.bottleName, ctx.options.binary)
    const tag = checkImageReference(renderTagScheme(ctx.options.tagScheme, ctx.slug, new Date()), 'backends.macos-container.tagScheme')
    await ensureStopped(ctx, snapshot.status)
    const dockerfile = rebuildDockerfile(imageSettings(ctx, snapshot))

    // Private: the tar holds the whole root filesystem, secrets in files included.
    const work = await mkdtemp(join(tmpdir(), 'bottle-export-'))
    try {
      ctx.info(`exporting ${ctx.bottleName}`)
      await runOrFail(ctx, ['export', '-o', join(work, ROOTFS_TAR), ctx.bottleName], 'export')
      await writeFile(join(work, 'Dockerfile'), dockerfile, {mode: 0o600})
      ctx.info(`building ${tag}`)
      await runOrFail(ctx, ['build', '-t', tag, '-f', join(work, 'Dockerfile'), work], 'build')
    } finally {
      await rm(work, {recursive: true, force: true})
    }

    return tag
  },

  exportHint({artifact, options}) {
    const file = `${artifact.replace(/[/:@]/g, '-')}.tar`
    return [`${options.binary} image save -o ${file} ${artifact}`, `${options.binary} image load -i ${file}`]
  },
})


async function runOrFail(ctx: Context, args: readonly string[], verb: string): Promise<void> {
  const result = await container(ctx, args)
  if (result.exitCode !== 0) throw new ToolFailed(`${ctx.options.binary} ${verb} of ${ctx.bottleName} failed: ${toolMessage(result)}`)
}

function inspectFailure(ctx: Context, result: ExecResult): Error {
  const message = toolMessage(result)
  if (/notFound/.test(message)) return new BottleNotFound(`no container named ${ctx.bottleName} (${ctx.options.binary}: ${message})`)
  return new ToolFailed(`${ctx.options.binary} inspect of ${ctx.bottleName} failed: ${message}`)
}

/** Export before 1.2.1 refuses a running container, and a snapshot of a running disk is not consistent anyway. */
async function ensureStopped(ctx: Context, state: string): Promise<void> {
  if (state === 'stopped') return
  const stop = () => runOrFail(ctx, ['stop', ctx.bottleName], 'stop')
  if (state === 'running') return stopRunningBottle(ctx, stop)
  // Already on its way down: waiting for it asks nothing of the user.
  if (state === 'stopping') return stop()
  throw new ToolFailed(`${ctx.options.binary} reports ${ctx.bottleName} as "${state}"; it can be committed once it is running or stopped`)
}

/** The settings the image gets from the container's init process, saying what is left out and why. */
function imageSettings(ctx: Context, snapshot: ContainerSnapshot): ImageSettings {
  const init = snapshot.configuration.initProcess
  const rules = ctx.secrets ?? DEFAULT_SECRET_RULES
  const env = imageEnv(init.environment, rules.scrub ? [...rules.envPatterns, ...ctx.options.secretEnv] : [])
  if (env.secrets.length > 0) {
    ctx.warn(`left out of the image's environment as they look like secrets: ${env.secrets.join(', ')}; set them again when you run it`)
  }

  if (env.unwritable.length > 0) ctx.warn(`left out of the image's environment as their values hold line breaks: ${env.unwritable.join(', ')}`)
  for (const mount of snapshot.configuration.mounts) {
    ctx.warn(`${mount.source ? `mount ${mount.source}` : 'a mount'} at ${mount.destination} is not in the image`)
  }

  return {env: env.kept, workingDirectory: init.workingDirectory, user: init.user, command: [init.executable, ...init.arguments]}
}

