import {describeThrown} from '../contract/describe-thrown.js'
import type {ExportHintInput, Freezer} from '../contract/freezer.js'
import {hostArch} from '../bottle/host-arch.js'
import {interruptible} from '../bottle/interruptible.js'
import type {BottleRequest, HostIO} from '../bottle/host-io.js'
import {holdBottle} from '../bottle/hold-bottle.js'
import {expectReference, openBottle} from '../bottle/open-bottle.js'
import {discardArtifact, preflight, recordOrTakeBack} from '../bottle/record-guard.js'
import {removeStaleTempFiles} from '../state/stale-temp-files.js'
import {type CommitMode, checkCommitMode, freezeWishes, stopFirst} from './commit-mode.js'
import {type PruneResult, checkKeep, keepNewest} from './snapshots.js'

export interface CommitRequest extends BottleRequest, CommitMode {
  readonly slug: string
  /** Wait for another commit of this bottle to end instead of failing with BOTTLE_BUSY. */
  readonly wait?: boolean
  /** False with --no-scrub: secrets are left in the artifact on purpose. */
  readonly scrub?: boolean
  /** --keep N: after recording, keep the newest N snapshots and remove the older artifacts. */
  readonly keep?: number
}

/** What a successful commit reports (the `--json` object). */
export interface CommitResult {
  readonly slug: string
  readonly backend: string
  readonly artifact: string
  readonly preserved: true
  readonly resume: string
  /** The bottle commands that move it to another machine, state included; empty when its backend cannot export. */
  readonly move: readonly string[]
  /** The backend tool's own commands that move the artifact alone. */
  readonly export: readonly string[]
  readonly warnings: readonly string[]
  readonly stateDir: string
  /** With `keep`: the older artifacts removed and those that had to stay. */
  readonly pruned?: PruneResult
}

/**
 * Freezes a bottle by slug and runs the shared post-commit steps. The host,
 * not the plugin, owns every state transition: the freezer only returns the
 * artifact reference, and state changes only once that artifact exists.
 * Throws CommitCancelled (code BOTTLE_CANCELLED) when the user declines.
 */
export async function commitBottle(request: CommitRequest): Promise<CommitResult> {
  const {io} = request
  if (request.keep !== undefined) checkKeep(request.keep)
  const bottle = await openBottle(request, request.slug, {scrub: request.scrub ?? true, wishes: freezeWishes(request)})
  const {slug, backend, bottleName, state, warnings} = bottle
  checkCommitMode(backend, bottle.declaration, request)
  if (request.scrub === false) io.warn('--no-scrub: credential-like environment variables and credential files are left in the artifact')

  // One commit per bottle: held from before the freeze until the state is written, released on every way out.
  const {signal} = bottle.ctx
  await using _lock = await interruptible(signal, () => holdBottle(request, slug, 'committing', request.wait))
  const record = await interruptible(signal, async () => {
    await removeStaleTempFiles(state.dir)
    return preflight(bottle)
  })
  // Asked alongside the freeze, not after it: the record needs it, the user should not wait for it.
  const toolVersion = bottle.toolVersion()
  let artifact: string
  try {
    // Interruptible up to the artifact; from there on the commit completes or takes it back, so that 130/143 means nothing was recorded.
    artifact = await interruptible(signal, async () => {
      if (request.stop) await stopFirst(bottle)
      return expectReference(await bottle.freeze(), backend, 'freeze')
    })
  } catch (error) {
    await record.undo()
    throw error
  }

  const now = request.now?.() ?? new Date()
  await recordOrTakeBack(
    bottle,
    async () => {
      io.info(`recording ${artifact} in ${state.dir}`)
      await state.recordSnapshot({artifact, backend, committedAt: now.toISOString(), via: 'commit', toolVersion: await toolVersion, arch: hostArch()}, now)
    },
    async () => {
      const fate = await discardArtifact(bottle, artifact)
      await record.undo()
      return fate
    },
  )
  // Still under the lock, so that no other commit records a snapshot while old ones are removed.
  const pruned = request.keep === undefined ? undefined : await keepNewest(bottle, request.keep)

  return {
    slug,
    backend,
    artifact,
    preserved: true,
    resume: `bottle resume ${slug}`,
    move: bottle.canMove ? [`bottle export ${slug}`, `bottle import ${slug}.bottle.tgz && bottle resume ${slug}    (on the other machine)`] : [],
    export: exportHint(bottle.freezer, {slug, bottleName, artifact, options: bottle.options}, warnings, io),
    warnings,
    stateDir: state.dir,
    ...(pruned ? {pruned} : {}),
  }
}

/** The artifact already exists and is recorded: a failing hint becomes a warning, not a failed commit. */
function exportHint(freezer: Freezer, input: ExportHintInput, warnings: string[], io: HostIO): string[] {
  if (!freezer.exportHint) return []
  try {
    const hint: unknown = freezer.exportHint(input)
    if (Array.isArray(hint) && hint.every((line) => typeof line === 'string')) return hint
    throw new Error('exportHint() did not return a list of strings')
  } catch (error) {
    const message = `no export hint: ${describeThrown(error)}`
    warnings.push(message)
    io.warn(message)
    return []
  }
}
