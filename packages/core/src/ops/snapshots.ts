import {BottleError, ErrorCode} from '../contract/errors.js'
import type {BottleRequest} from '../bottle/host-io.js'
import {type OpenBottle, openBottle, readBottle} from '../bottle/open-bottle.js'
import type {Snapshot} from '../state/bottle-state.js'
import {lockBottle} from '../state/lock.js'

/** Every snapshot of the bottle, newest first. */
export async function listSnapshots(request: BottleRequest & {readonly slug: string}): Promise<Snapshot[]> {
  const {state, history} = await readBottle(request.stateRoot, request.slug)
  if (!(await state.exists())) throw new BottleError(ErrorCode.BottleNotFound, `no bottle ${request.slug} in ${request.stateRoot}`)
  return [...history].reverse()
}

/**
 * The snapshot `ref` names in a bottle's history: its artifact whole, or the
 * end of it after a `:` or `/` (a docker tag, a pack's file name), when that
 * names one artifact only.
 */
export function findSnapshot(history: readonly Snapshot[], ref: string, slug: string): Snapshot {
  const exact = history.filter((snapshot) => snapshot.artifact === ref)
  const matches = exact.length > 0 ? exact : history.filter(({artifact}) => artifact.endsWith(`:${ref}`) || artifact.endsWith(`/${ref}`))
  const artifacts = [...new Set(matches.map((snapshot) => snapshot.artifact))]
  if (artifacts.length === 0) {
    throw new BottleError(ErrorCode.BottleNotFound, `bottle ${slug} has no snapshot ${ref}; list its snapshots with: bottle snapshots ${slug}`)
  }

  if (artifacts.length > 1) {
    throw new BottleError(ErrorCode.BadInput, `${ref} names ${artifacts.length} snapshots of bottle ${slug} (${artifacts.join(', ')}); give the whole reference`)
  }

  return matches.at(-1)!
}

export interface RemoveSnapshotRequest extends BottleRequest {
  readonly slug: string
  /** What `findSnapshot` reads. */
  readonly ref: string
  /** Wait for a commit of the bottle that holds its lock instead of failing (BOTTLE_BUSY). */
  readonly wait?: boolean
}

export interface RemoveSnapshotResult {
  readonly slug: string
  readonly artifact: string
  /** The snapshot resume now uses; null when none is left. */
  readonly newest: string | null
  readonly warnings: readonly string[]
}

/**
 * Removes one snapshot: its artifact through the backend, then its entries in
 * the history, under the bottle's lock so that no commit records a snapshot
 * meanwhile. The snapshot the bottle there was started from is refused: the
 * bottle runs on it. An artifact the backend fails to remove stays recorded.
 */
export async function removeSnapshot(request: RemoveSnapshotRequest): Promise<RemoveSnapshotResult> {
  const bottle = await openBottle(request, request.slug)
  const {slug, state, ctx} = bottle
  if (!(await state.exists())) throw new BottleError(ErrorCode.BottleNotFound, `no bottle ${slug} in ${request.stateRoot}`)
  await using _lock = await lockBottle(request.stateRoot, slug, {
    wait: request.wait,
    signal: ctx.signal,
    onWait: (holder) => ctx.info(`waiting for bottle process ${holder.pid}, which holds the lock of "${slug}"`),
  })
  // Read again under the lock: a commit may have recorded a snapshot since.
  const history = await state.readHistory()
  const {artifact} = findSnapshot(history, request.ref, slug)
  const metadata = await state.readMetadata()
  if (metadata?.resumedFrom === artifact && (await bottle.status()) !== 'missing') {
    throw new BottleError(
      ErrorCode.BadInput,
      `${bottle.bottleName} was started from ${artifact} and still uses it; remove the bottle first (bottle rm ${slug}) or start it from another snapshot (bottle resume ${slug} --snapshot <ref> --replace)`,
    )
  }

  const removeArtifact = bottle.need('removeArtifact')
  ctx.info(`removing ${artifact}`)
  await removeArtifact(ctx, artifact)
  const rest = history.filter((snapshot) => snapshot.artifact !== artifact)
  await state.replaceHistory(rest)
  return {slug, artifact, newest: rest.at(-1)?.artifact ?? null, warnings: bottle.warnings}
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
