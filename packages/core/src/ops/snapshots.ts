import {BottleError, ErrorCode} from '../contract/errors.js'
import type {BottleRequest} from '../bottle/host-io.js'
import {type OpenBottle, readBottle} from '../bottle/open-bottle.js'
import type {Snapshot} from '../state/bottle-state.js'

/** Every snapshot of the bottle, newest first. */
export async function listSnapshots(request: BottleRequest & {readonly slug: string}): Promise<Snapshot[]> {
  const {state, history} = await readBottle(request.stateRoot, request.slug)
  if (!(await state.exists())) throw new BottleError(ErrorCode.BottleNotFound, `no bottle ${request.slug} in ${request.stateRoot}`)
  return [...history].reverse()
}

export interface PruneResult {
  readonly removed: readonly string[]
  /** Older artifacts the backend could not remove: still in the history. */
  readonly kept: readonly string[]
  readonly warnings: readonly string[]
}

/** --keep N takes 1 or more: checked before a commit freezes anything. */
export function checkKeep(keep: number): number {
  if (!Number.isInteger(keep) || keep < 1) throw new BottleError(ErrorCode.BadInput, `--keep must be 1 or more, not ${keep}`)
  return keep
}

/**
 * Keeps the newest `keep` snapshots and removes the older ones' artifacts. An
 * artifact that cannot be removed stays in the history, so nothing is lost
 * track of. The caller holds the bottle's lock.
 */
export async function keepNewest(bottle: OpenBottle, keep: number): Promise<PruneResult> {
  const history = await bottle.state.readHistory()
  const old = history.slice(0, Math.max(0, history.length - keep))
  if (old.length === 0) return {removed: [], kept: [], warnings: []}
  // The commit before shares the bottle's warnings: report only the pruning's own.
  const before = bottle.warnings.length
  const kept = new Set(history.slice(old.length).map((snapshot) => snapshot.artifact))
  const doomed = [...new Set(old.map((snapshot) => snapshot.artifact))].filter((artifact) => !kept.has(artifact))
  const result = await bottle.removeArtifacts(doomed)
  const gone = new Set(result.removed)
  await bottle.state.writeHistory(history.filter((snapshot, index) => index >= old.length || !gone.has(snapshot.artifact)))
  return {removed: result.removed, kept: result.kept, warnings: bottle.warnings.slice(before)}
}
