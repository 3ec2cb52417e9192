import {BottleError, ErrorCode} from '../contract/errors.js'
import {hostArch} from '../bottle/host-arch.js'
import type {BottleRequest} from '../bottle/host-io.js'
import {checkEnv, envNames} from '../bottle/env.js'
import {holdBottle} from '../bottle/hold-bottle.js'
import {openBottle, readBottle} from '../bottle/open-bottle.js'
import {preflight, recordOrTakeBack, removeUnrecorded} from '../bottle/record-guard.js'
import {type RunFlags, capabilitiesOf, checkRunOptions} from '../bottle/run-options.js'

export interface LaunchRequest extends BottleRequest {
  readonly slug: string
  readonly backend: string
  readonly image: string
  readonly agentName?: string
  /** `K=V` entries. */
  readonly env: readonly string[]
  readonly command: readonly string[]
  /** How to run it (`--volume`, `--publish`, ...): checked, and refused when the backend does not declare them. */
  readonly run?: RunFlags
  /** Where relative volume paths start from (the user's working directory). */
  readonly cwd?: string
  /** bottle's own version, recorded beside the tool's. */
  readonly bottleVersion?: string
}

export interface LaunchResult {
  readonly slug: string
  readonly backend: string
  readonly bottleName: string
  readonly image: string
  readonly agentName: string
  readonly startedAt: string
  readonly arch: string
  readonly toolVersion: string | null
  readonly stateDir: string
  readonly commit: string
  readonly warnings: readonly string[]
}

/**
 * Creates and starts `<prefix><slug>` from an image, then writes the bottle's
 * metadata. A slug that has state, or a name the backend already knows, is
 * refused: launching over it would orphan its snapshots or its work.
 */
export async function launchBottle(request: LaunchRequest): Promise<LaunchResult> {
  const record = await readBottle(request.stateRoot, request.slug)
  const {slug} = record
  await record.state.assertOwn()
  if (await record.state.exists()) {
    throw new BottleError(
      ErrorCode.BadInput,
      `bottle ${slug} already exists (state in ${record.state.dir}): resume it with bottle resume ${slug}, or remove it with bottle rm ${slug} --purge`,
    )
  }

  checkEnv(request.env)
  const run = checkRunOptions(request.run ?? {}, request.backend, capabilitiesOf(request.registry, request.backend), request.cwd ?? process.cwd())
  const bottle = await openBottle(request, record, {backend: request.backend})
  bottle.need('launch')
  const status = await bottle.status()
  if (status !== 'missing') {
    throw new BottleError(ErrorCode.BadInput, `${bottle.bottleName} already exists on ${request.backend} (${status}) but has no bottle state; remove it or pick another slug`)
  }

  await using _lock = await holdBottle(request, slug, 'launching')
  const made = await preflight(bottle)
  const toolVersion = await bottle.toolVersion()
  bottle.ctx.info(`launching ${bottle.bottleName} from ${request.image}`)
  try {
    await bottle.launch({source: request.image, fromArtifact: false, env: request.env, command: request.command, run})
  } catch (error) {
    await made.undo()
    throw error
  }

  const startedAt = (request.now?.() ?? new Date()).toISOString()
  const arch = hostArch()
  const agentName = request.agentName ?? ''
  await recordOrTakeBack(
    bottle,
    () =>
      bottle.state.writeMetadata({
        backend: request.backend,
        agentName,
        startedAt,
        image: request.image,
        command: [...request.command],
        envNames: envNames(request.env),
        // Resume runs the snapshot the same way.
        ...(Object.keys(run).length > 0 ? {run} : {}),
        arch,
        ...(toolVersion ? {toolVersion} : {}),
        ...(request.bottleVersion ? {bottleVersion: request.bottleVersion} : {}),
      }),
    async () => {
      const fate = await removeUnrecorded(bottle)
      await made.undo()
      return fate
    },
  )

  return {
    slug,
    backend: request.backend,
    bottleName: bottle.bottleName,
    image: request.image,
    agentName,
    startedAt,
    arch,
    toolVersion: toolVersion ?? null,
    stateDir: bottle.state.dir,
    commit: `bottle commit ${slug}`,
    warnings: bottle.warnings,
  }
}
