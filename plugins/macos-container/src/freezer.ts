import {BottleError, DEFAULT_SECRET_RULES, ErrorCode, ToolFailed, askTogether, checkImageReference, defineFreezer, renderTagScheme, stopRunningBottle} from '@bottle/core/plugin'
import type {ExecResult, FreezeContext} from '@bottle/core/plugin'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {z} from '@bottle/core/plugin'

import {type ImageSettings, ROOTFS_TAR, rebuildDockerfile} from './dockerfile.js'
import {type ImageEnv, imageEnv} from './image-env.js'
import {type ContainerSnapshot, parseInspect} from './inspect.js'
import {type ContainerRelease, RUNNING_EXPORT, containerRelease, hasCommitCommand} from './release.js'
import {container} from './tool.js'

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
  /** Registries (`host:port`) that speak plain HTTP: images from them are pulled with `--scheme http`. Loopback ones need no entry. */
  plainHttpRegistries: z.array(z.string().min(1)).default([]),
})
type ContainerOptions = z.infer<typeof ContainerOptions>
type Context = FreezeContext<ContainerOptions>

export default defineFreezer<ContainerOptions>({
  apiVersion: 1,
  optionsSchema: ContainerOptions,

  async freeze(ctx) {
    // Asked together: the state decides the way, the release what that way can be.
    const [inspected, release, canCommit] = await askTogether<[ExecResult, ContainerRelease, boolean]>([
      container(ctx).run(['inspect', ctx.bottleName]),
      containerRelease(ctx),
      hasCommitCommand(ctx),
    ])
    if (inspected.exitCode !== 0) throw container(ctx).failure('inspect', inspected)
    const snapshot = await parseInspect(inspected.stdout, ctx.bottleName, ctx.options.binary)
    const tag = checkImageReference(renderTagScheme(ctx.options.tagScheme, ctx.slug, new Date()), 'backends.macos-container.tagScheme')
    const live = await readyToFreeze(ctx, snapshot.status, release)

    const env = imageEnvOf(ctx, snapshot)
    for (const mount of snapshot.configuration.mounts) {
      ctx.warn(`${mount.source ? `mount ${mount.source}` : 'a mount'} at ${mount.destination} is not in the image`)
    }

    const unsuited = canCommit ? commitUnsuited(env, snapshot) : undefined
    if (canCommit && !unsuited) {
      ctx.info(`committing ${ctx.bottleName} to ${tag} with ${ctx.options.binary} commit${live ? ' while it runs' : ''}`)
      await container(ctx).runOrFail('commit', ['commit', ...(live ? ['--live'] : []), ctx.bottleName, tag])
      return tag
    }

    if (unsuited) ctx.info(`not using ${ctx.options.binary} commit, which would ${unsuited}: exporting and rebuilding instead`)
    await exportAndRebuild(ctx, tag, live, rebuildSettings(ctx, snapshot, env))
    return tag
  },

  exportHint({artifact, options}) {
    const file = `${artifact.replace(/[/:@]/g, '-')}.tar`
    return [`${options.binary} image save -o ${file} ${artifact}`, `${options.binary} image load -i ${file}`]
  },
})

/**
 * Brings the container to a state the release can freeze, and says whether
 * it is frozen live. 1.2.1 and later export a running container through a
 * runtime snapshot of its disk (it keeps running): nothing to stop, nothing
 * to ask. Older releases refuse, so the user is asked before it is stopped;
 * `--live` there is refused before anything changes. A container already on
 * its way down is waited for: export refuses `stopping` on every release.
 */
async function readyToFreeze(ctx: Context, state: string, release: ContainerRelease): Promise<boolean> {
  const runningExport = release.at(RUNNING_EXPORT)
  if (ctx.live && !runningExport) {
    throw new BottleError(
      ErrorCode.BadInput,
      `${ctx.options.binary} ${release.version ?? '(version unknown)'} cannot export a running container (${RUNNING_EXPORT} and later can): upgrade it, or commit without --live (it asks before stopping ${ctx.bottleName})`,
    )
  }

  if (state === 'stopped') return false
  const stop = () => container(ctx).runOrFail('stop', ['stop', ctx.bottleName])
  if (state === 'running' && runningExport) return true
  if (state === 'running') return stopRunningBottle(ctx, stop).then(() => false)
  if (state === 'stopping') return stop().then(() => false)
  throw new ToolFailed(`${ctx.options.binary} reports ${ctx.bottleName} as "${state}"; it can be committed once it is running or stopped`)
}

/**
 * Why `container commit` would not give the image the rebuild gives, if it
 * would not: it writes the environment as it is (secrets included) and, as
 * PR #1762 describes it, env, cmd, workingDir and labels but not the user.
 */
function commitUnsuited(env: ImageEnv, snapshot: ContainerSnapshot): string | undefined {
  if (env.secrets.length > 0) return 'write the secret-like variables into the image'
  const user = snapshot.configuration.initProcess.user
  if (user && !['root', '0', '0:0'].includes(user)) return `leave out the user (${user})`
  return undefined
}

async function exportAndRebuild(ctx: Context, tag: string, live: boolean, settings: ImageSettings): Promise<void> {
  const dockerfile = rebuildDockerfile(settings)
  // Private: the tar holds the whole root filesystem, secrets in files included.
  const work = await mkdtemp(join(tmpdir(), 'bottle-export-'))
  try {
    ctx.info(live ? `exporting ${ctx.bottleName} while it runs (a snapshot of its disk; its processes keep running)` : `exporting ${ctx.bottleName}`)
    await container(ctx).runOrFail('export', ['export', '-o', join(work, ROOTFS_TAR), ctx.bottleName])
    await writeFile(join(work, 'Dockerfile'), dockerfile, {mode: 0o600})
    ctx.info(`building ${tag}`)
    await container(ctx).runOrFail('build', ['build', '-t', tag, '-f', join(work, 'Dockerfile'), work])
  } finally {
    await rm(work, {recursive: true, force: true})
  }
}

/** The container's environment split into what the image may get and what it must not, naming what is left out as a secret. */
function imageEnvOf(ctx: Context, snapshot: ContainerSnapshot): ImageEnv {
  const rules = ctx.secrets ?? DEFAULT_SECRET_RULES
  const env = imageEnv(snapshot.configuration.initProcess.environment, rules.scrub ? [...rules.envPatterns, ...ctx.options.secretEnv] : [])
  if (env.secrets.length > 0) {
    ctx.warn(`left out of the image's environment as they look like secrets: ${env.secrets.join(', ')}; set them again when you run it`)
  }

  return env
}

/** The settings a rebuilt image gets from the container's init process; a Dockerfile ENV cannot hold a line break. */
function rebuildSettings(ctx: Context, snapshot: ContainerSnapshot, env: ImageEnv): ImageSettings {
  if (env.unwritable.length > 0) ctx.warn(`left out of the image's environment as their values hold line breaks: ${env.unwritable.join(', ')}`)
  const init = snapshot.configuration.initProcess
  return {env: env.kept, workingDirectory: init.workingDirectory, user: init.user, command: [init.executable, ...init.arguments]}
}
