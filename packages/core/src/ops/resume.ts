import {BottleError, ErrorCode} from '../contract/errors.js'
import {checkEnv, envNames} from '../bottle/env.js'
import {hostArch} from '../bottle/host-arch.js'
import type {BottleRequest} from '../bottle/host-io.js'
import {holdBottle} from '../bottle/hold-bottle.js'
import {openBottle, readBottle} from '../bottle/open-bottle.js'
import {preflight} from '../bottle/record-guard.js'
import type {Snapshot} from '../state/bottle-state.js'
import {capabilitiesOf, checkRunOptions} from '../bottle/run-options.js'
import {findSnapshot} from './snapshots.js'

export interface ResumeRequest extends BottleRequest {
  readonly slug: string
  /** Replace an existing bottle of that name with the snapshot. */
  readonly replace: boolean
  /** Resume from this artifact (a pushed image) instead of the newest snapshot; with no state, `backend` names its backend. */
  readonly from?: string
  /** Resume this snapshot of the history (what `findSnapshot` reads) instead of the newest. */
  readonly snapshot?: string
  readonly backend?: string
  readonly env: readonly string[]
  /** Run a snapshot taken on another architecture anyway (through emulation, where the backend has it). */
  readonly anyArch: boolean
}

export interface ResumeResult {
  readonly slug: string
  readonly backend: string
  readonly bottleName: string
  /** launched: a new bottle from the artifact; started: the stopped bottle; none: it was already running. */
  readonly action: 'launched' | 'started' | 'none'
  readonly artifact: string | null
  readonly warnings: readonly string[]
}

/**
 * Brings a bottle back: a new one from its newest snapshot when the bottle is
 * gone; the stopped one started again when it already holds that snapshot
 * (it was committed or resumed from it) or there is none; nothing when it
 * runs. Any other bottle of that name is replaced only when asked, and
 * `replace` always starts over from the snapshot. So the resume the commit
 * hint names works right after the commit, after a teardown, and twice.
 */
export async function resumeBottle(request: ResumeRequest): Promise<ResumeResult> {
  const record = await readBottle(request.stateRoot, request.slug)
  checkEnv(request.env)
  const {slug, state, metadata, history} = record
  if (!request.from && !metadata && history.length === 0) {
    throw new BottleError(
      ErrorCode.BottleNotFound,
      `no bottle ${slug} in ${request.stateRoot}: launch it with bottle launch ${slug} --image <ref>, import an export with bottle import <file>, or resume a pushed image with bottle resume ${slug} --from <ref>`,
    )
  }

  const backend = request.backend ?? record.backend
  const now = request.now?.() ?? new Date()
  if (request.from && request.snapshot) throw new BottleError(ErrorCode.BadInput, '--from and --snapshot name two different starting points: give one')
  const snapshot: Snapshot | undefined = request.from
    ? {artifact: request.from, backend, committedAt: now.toISOString(), via: 'import'}
    : request.snapshot
      ? findSnapshot(history, request.snapshot, slug)
      : history.at(-1)
  checkArch(snapshot?.arch ?? (metadata?.arch as string | undefined), request.anyArch)

  const bottle = await openBottle(request, record, {backend})
  const status = await bottle.status()
  const result = (action: ResumeResult['action']): ResumeResult => ({
    slug,
    backend,
    bottleName: bottle.bottleName,
    action,
    artifact: snapshot?.artifact ?? null,
    warnings: bottle.warnings,
  })

  // The bottle there already holds the snapshot: it was started from it, or it is the newest and was taken of it (since its start).
  const current =
    snapshot === undefined ||
    metadata?.resumedFrom === snapshot.artifact ||
    (snapshot === history.at(-1) && snapshot.via !== 'import' && metadata?.startedAt !== undefined && snapshot.committedAt >= metadata.startedAt)
  if (status !== 'missing' && current && !(request.replace && snapshot)) {
    if (status === 'running') return result('none')
    bottle.ctx.info(`starting ${bottle.bottleName}`)
    await bottle.need('start')(bottle.ctx)
    return result('started')
  }

  if (!snapshot) {
    throw new BottleError(ErrorCode.BottleNotFound, `${bottle.bottleName} is gone and bottle ${slug} has no snapshot to resume from; commit a bottle before removing it`)
  }

  bottle.need('launch')
  await using _lock = await holdBottle(request, slug, 'resuming')
  await preflight(bottle)
  // The run options the bottle was launched with (recorded absolute): checked again, the backend may have changed since.
  const run = checkRunOptions(metadata?.run ?? {}, backend, capabilitiesOf(request.registry, backend), state.dir)
  const spec = {source: snapshot.artifact, fromArtifact: true, env: request.env, command: [], run}
  if (status !== 'missing') {
    if (!request.replace) {
      throw new BottleError(
        ErrorCode.BadInput,
        `${bottle.bottleName} exists (${status}); replace it with the snapshot ${snapshot.artifact}: bottle resume ${slug}${request.snapshot ? ` --snapshot ${request.snapshot}` : ''} --replace, or remove it first: bottle rm ${slug}`,
      )
    }

    // The new bottle must be possible before the old one goes: a reference that cannot be pulled leaves it as it was.
    if (bottle.has('prepare')) {
      bottle.ctx.info(`checking that ${snapshot.artifact} can be started`)
      await bottle.need('prepare')(bottle.ctx, spec)
    } else {
      bottle.ctx.warn(`backend "${backend}" cannot check a snapshot before starting it: ${bottle.bottleName} is removed first`)
    }

    if (bottle.ctx.signal.aborted) throw new BottleError(ErrorCode.Interrupted, `interrupted: ${bottle.bottleName} was left as it was`)
    bottle.ctx.info(`removing ${bottle.bottleName} to replace it`)
    await bottle.need('remove')(bottle.finishCtx)
  }

  bottle.ctx.info(`launching ${bottle.bottleName} from ${snapshot.artifact}`)
  // Once the old bottle is gone, its replacement is started and recorded whatever interrupts it.
  await bottle.launch(spec, {past: status !== 'missing'})

  const toolVersion = await bottle.toolVersion()
  await state.ensureDir()
  if (request.from) await state.recordSnapshot({...snapshot, toolVersion}, now)

  await state.writeMetadata({
    ...metadata,
    backend,
    startedAt: now.toISOString(),
    resumedFrom: snapshot.artifact,
    envNames: envNames(request.env),
    arch: hostArch(),
    ...(toolVersion ? {toolVersion} : {}),
  })
  return result('launched')
}

function checkArch(recorded: string | undefined, anyArch: boolean): void {
  const here = hostArch()
  if (!recorded || recorded === here || anyArch) return
  throw new BottleError(ErrorCode.BadInput, `this snapshot was taken on ${recorded} and this host is ${here}; it may not run here (pass --any-arch to try through emulation)`)
}
