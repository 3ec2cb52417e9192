import {BottleError, ErrorCode} from '../contract/errors.js'
import {assertSlug} from '../slug.js'
import {BottleState, type Snapshot} from '../state/bottle-state.js'
import {backendOf, type LifecycleRequest, openBottle} from './open-bottle.js'
import {removeArtifacts} from './remove-bottle.js'

/** Every snapshot of the bottle, newest first. */
export async function listSnapshots(request: LifecycleRequest & {readonly slug: string}): Promise<Snapshot[]> {
  const state = new BottleState(request.stateRoot, assertSlug(request.slug))
  if (!(await state.exists())) throw new BottleError(ErrorCode.BottleNotFound, `no bottle ${request.slug} in ${request.stateRoot}`)
  return (await state.readHistory()).reverse()
}

export interface PruneResult {
  readonly removed: readonly string[]
  /** Older artifacts the backend could not remove: still in the history. */
  readonly kept: readonly string[]
  readonly warnings: readonly string[]
}

/**
 * Keeps the newest `keep` snapshots and removes the older ones' artifacts. An
 * artifact that cannot be removed stays in the history, so nothing is lost
 * track of.
 */
export async function pruneSnapshots(request: LifecycleRequest & {readonly slug: string; readonly keep: number}): Promise<PruneResult> {
  if (!Number.isInteger(request.keep) || request.keep < 1) throw new BottleError(ErrorCode.BadInput, `--keep must be 1 or more, not ${request.keep}`)
  const slug = assertSlug(request.slug)
  const state = new BottleState(request.stateRoot, slug)
  const history = await state.readHistory()
  const old = history.slice(0, Math.max(0, history.length - request.keep))
  if (old.length === 0) return {removed: [], kept: [], warnings: []}
  const metadata = await state.readMetadata()
  const bottle = await openBottle(request, slug, backendOf(metadata, history), metadata)
  const kept = new Set(history.slice(old.length).map((snapshot) => snapshot.artifact))
  const doomed = [...new Set(old.map((snapshot) => snapshot.artifact))].filter((artifact) => !kept.has(artifact))
  const result = await removeArtifacts(bottle, doomed)
  const gone = new Set(result.removed)
  await state.writeHistory(history.filter((snapshot, index) => index >= old.length || !gone.has(snapshot.artifact)))
  return {removed: result.removed, kept: result.kept, warnings: bottle.warnings}
}
