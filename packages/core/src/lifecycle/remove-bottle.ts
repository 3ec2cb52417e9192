import {BottleError, CommitCancelled, ErrorCode} from '../contract/errors.js'
import {reportError} from '../errors/exit-codes.js'
import {assertSlug} from '../slug.js'
import {BottleState} from '../state/bottle-state.js'
import {bottleStatus} from './bottle-status.js'
import {backendOf, type LifecycleRequest, type OpenBottle, openBottle} from './open-bottle.js'

export interface RemoveRequest extends LifecycleRequest {
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
  const slug = assertSlug(request.slug)
  const state = new BottleState(request.stateRoot, slug)
  const metadata = await state.readMetadata()
  const history = await state.readHistory()
  const backend = backendOf(metadata, history)
  const bottle = await openBottle(request, slug, backend, metadata)
  const status = await bottleStatus(bottle)
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
  const {removed, kept} = await removeArtifacts(bottle, artifacts)
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

/** Removes each artifact it can; one that cannot be removed is kept and named, never silently lost track of. */
export async function removeArtifacts(bottle: OpenBottle, artifacts: readonly string[]): Promise<{removed: string[]; kept: string[]}> {
  const removed: string[] = []
  const kept: string[] = []
  if (artifacts.length === 0) return {removed, kept}
  let remove: ((artifact: string) => Promise<void>) | undefined
  try {
    const removeArtifact = bottle.need('removeArtifact')
    remove = (artifact) => removeArtifact(bottle.ctx, artifact)
  } catch (error) {
    bottle.ctx.warn(`${reportError(error).message}: remove these artifacts yourself: ${artifacts.join(', ')}`)
    return {removed, kept: [...artifacts]}
  }

  for (const artifact of artifacts) {
    try {
      await remove(artifact)
      removed.push(artifact)
    } catch (error) {
      if (reportError(error).code === ErrorCode.Interrupted) throw error
      kept.push(artifact)
      bottle.ctx.warn(`could not remove ${artifact}: ${reportError(error).message}`)
    }
  }

  return {removed, kept}
}
