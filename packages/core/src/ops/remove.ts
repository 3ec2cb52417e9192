import {BottleError, CommitCancelled, ErrorCode} from '../contract/errors.js'
import type {BottleRequest} from '../bottle/host-io.js'
import {holdBottle} from '../bottle/hold-bottle.js'
import {type OpenBottle, openBottle} from '../bottle/open-bottle.js'

export interface RemoveRequest extends BottleRequest {
  readonly slug: string
  /** Also remove a preserved bottle's state and (after confirmation) its committed artifacts. */
  readonly purge: boolean
}

export interface RemoveResult {
  readonly slug: string
  readonly backend: string
  readonly bottleName: string
  /** Whether a container or machine was removed (false: there was none). */
  readonly removed: boolean
  /** Whether the state folder is still there (a preserved bottle without --purge). */
  readonly stateKept: boolean
  readonly artifactsRemoved: readonly string[]
  /** Artifacts that are still there: the backend cannot remove them, or failed to. */
  readonly artifactsKept: readonly string[]
  readonly warnings: readonly string[]
}

/**
 * Tears a bottle down. The container or machine goes; the state goes too
 * unless the bottle is preserved (committed), whose snapshots are what it is
 * for. `purge` removes that too, and the artifacts only after the user says
 * yes. A running bottle with work no snapshot holds is removed only after a
 * yes too (or --force). The questions come before anything is removed, so a
 * "no" changes nothing; only bottle's own files are removed from the state.
 */
export async function removeBottle(request: RemoveRequest): Promise<RemoveResult> {
  const bottle = await openBottle(request, request.slug)
  const {slug, state, history, backend, ctx} = bottle
  // A folder of that name that bottle did not make is refused before anything else is touched.
  await state.assertOwn()
  await using _lock = await holdBottle(request, slug, 'removing')
  const status = await bottle.status()
  const hasState = await state.exists()
  if (status === 'missing' && !hasState) {
    throw new BottleError(ErrorCode.BottleNotFound, `no bottle ${slug}: no ${bottle.bottleName} on ${backend} and no state in ${state.dir}`)
  }

  const unsaved = status === 'running' ? unsavedWork(bottle) : undefined
  if (unsaved) {
    const agreed = await request.io.confirm(`${bottle.bottleName} is running and ${unsaved}: its work since then is in no snapshot. Remove it and lose that work?`, '--force')
    if (!agreed) throw new CommitCancelled(`nothing was removed; save the work first with bottle commit ${slug}`)
  }

  const artifacts = request.purge ? [...new Set(history.map((snapshot) => snapshot.artifact))] : []
  if (artifacts.length > 0) {
    const agreed = await request.io.confirm(`Remove bottle ${slug}'s state and its ${artifacts.length} committed artifact(s) (${artifacts.join(', ')})?`)
    if (!agreed) throw new CommitCancelled(`nothing was removed; bottle ${slug} and its snapshots are as they were`)
  }

  if (ctx.signal.aborted) throw new BottleError(ErrorCode.Interrupted, `interrupted: nothing was removed`)
  // From here the removal goes on to the end whatever interrupts it, and says what an interrupt left undone.
  if (status !== 'missing') {
    ctx.info(`removing ${bottle.bottleName}`)
    await bottle.need('remove')(bottle.finishCtx)
  }

  const preserved = await state.isPreserved()
  const {removed, kept} = await bottle.removeArtifacts(artifacts)
  let stateKept = hasState && preserved && !request.purge
  if (hasState && !stateKept && kept.length > 0 && bottle.has('removeArtifact')) {
    // Artifacts still there stay listed, so that a later --purge can finish the job (a backend that cannot remove them named them instead).
    await state.writeHistory(history.filter((snapshot) => kept.includes(snapshot.artifact)))
    stateKept = true
  } else if (hasState && !stateKept) {
    const {left} = await state.remove()
    if (left.length > 0) ctx.warn(`kept ${state.dir}: it holds files bottle did not write (${left.join(', ')})`)
  }

  return {
    slug,
    backend,
    bottleName: bottle.bottleName,
    removed: status !== 'missing',
    stateKept,
    artifactsRemoved: removed,
    artifactsKept: kept,
    warnings: bottle.warnings,
  }
}

/**
 * Why a running bottle may hold work no snapshot has, or undefined: it was
 * never committed, or it was started (launched, resumed) after its newest
 * snapshot was taken.
 */
function unsavedWork(bottle: OpenBottle): string | undefined {
  const newest = bottle.history.at(-1)
  if (!newest) return 'was never committed'
  const startedAt = bottle.metadata?.startedAt
  if (startedAt && startedAt > newest.committedAt) return `was started (${startedAt}) after its newest snapshot (${newest.committedAt})`
  return undefined
}
