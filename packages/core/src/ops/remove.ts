import {BottleError, CommitCancelled, ErrorCode} from '../contract/errors.js'
import type {BottleRequest} from '../bottle/host-io.js'
import {openBottle} from '../bottle/open-bottle.js'

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
 * yes: the one question comes before anything is removed, so a "no" changes
 * nothing.
 */
export async function removeBottle(request: RemoveRequest): Promise<RemoveResult> {
  const bottle = await openBottle(request, request.slug)
  const {slug, state, history, backend} = bottle
  const status = await bottle.status()
  const hasState = await state.exists()
  if (status === 'missing' && !hasState) {
    throw new BottleError(ErrorCode.BottleNotFound, `no bottle ${slug}: no ${bottle.bottleName} on ${backend} and no state in ${state.dir}`)
  }

  const artifacts = request.purge ? [...new Set(history.map((snapshot) => snapshot.artifact))] : []
  if (artifacts.length > 0) {
    const agreed = await bottle.ctx.confirm(`Remove bottle ${slug}'s state and its ${artifacts.length} committed artifact(s) (${artifacts.join(', ')})?`)
    if (!agreed) throw new CommitCancelled(`nothing was removed; bottle ${slug} and its snapshots are as they were`)
  }

  if (status !== 'missing') {
    bottle.ctx.info(`removing ${bottle.bottleName}`)
    await bottle.need('remove')(bottle.ctx)
  }

  const preserved = await state.isPreserved()
  const {removed, kept} = await bottle.removeArtifacts(artifacts)
  const stateKept = hasState && preserved && !request.purge
  if (hasState && !stateKept) await state.remove()
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
