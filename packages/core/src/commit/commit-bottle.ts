import {BottleError, ErrorCode} from '../contract/errors.js'
import type {ExportHintInput, FreezeContext, Freezer} from '../contract/freezer.js'
import type {BottleConfig} from '../config/config-schema.js'
import {interruptible} from '../errors/interruption.js'
import {hostArch} from '../lifecycle/host-arch.js'
import {toolVersionOf} from '../lifecycle/tool-version.js'
import type {LifecycleRequest} from '../lifecycle/open-bottle.js'
import {type PruneResult, pruneSnapshots} from '../lifecycle/snapshots.js'
import {lockBottle} from '../lock/bottle-lock.js'
import type {BackendRegistry} from '../registry/backend-registry.js'
import {secretRules} from '../secrets/secret-rules.js'
import {assertSlug} from '../slug.js'
import {BottleState} from '../state/bottle-state.js'
import {removeStaleTempFiles} from '../state/stale-temp-files.js'
import {validateBackendOptions} from './backend-options.js'
import {bottleContext} from './bottle-context.js'

/**
 * State written before bottles recorded their backend has none: those were
 * all Docker bottles.
 */
export const LEGACY_BACKEND = 'docker'

/** How the host talks to the user during a commit; stderr only, never stdout. */
export interface HostIO {
  info(message: string): void
  warn(message: string): void
  confirm(question: string): Promise<boolean>
  /** Debug output of the tool commands run. */
  trace?(commandLine: string): void
}

export interface CommitRequest extends LifecycleRequest {
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
  const {registry, config, io} = request
  const slug = assertSlug(request.slug)
  const state = new BottleState(request.stateRoot, slug)
  const metadata = await state.readMetadata()
  const backend = metadata?.backend || LEGACY_BACKEND
  const {freezer} = await registry.load(backend)
  const options = await validateBackendOptions(freezer, backend, config)

  const bottleName = `${config.prefix}${slug}`
  const warnings: string[] = []
  const signal = request.signal ?? new AbortController().signal
  const context: FreezeContext = {
    ...bottleContext({slug, bottleName, backend, metadata, options, stateDir: state.dir, io, signal, warnings}),
    secrets: secretRules(config, request.scrub ?? true),
  }
  if (request.scrub === false) io.warn('--no-scrub: credential-like environment variables and credential files are left in the artifact')

  // One commit per bottle: held from before the freeze until the state is written, released on every way out.
  await using _lock = await interruptible(signal, () =>
    lockBottle(request.stateRoot, slug, {
      wait: request.wait,
      signal,
      onWait: (holder) => io.info(`waiting for bottle process ${holder.pid}, which is committing "${slug}"`),
      onRecovered: (holder) => io.info(`took over the lock of "${slug}" left by bottle process ${holder.pid}, which is gone`),
    }),
  )
  // Asked alongside the freeze, not after it: the record needs it, the user should not wait for it.
  const toolVersion = toolVersionOf(registry, backend, context)
  // Interruptible up to the artifact; from there on the commit completes, so that 130/143 means nothing was recorded.
  const artifact: unknown = await interruptible(signal, async () => {
    await removeStaleTempFiles(state.dir)
    // A hand-edited record is reported now, before an artifact is made that could not be recorded.
    await state.readCommit()
    return freezer.freeze(context)
  })
  if (typeof artifact !== 'string' || artifact.trim() === '') {
    throw new BottleError(ErrorCode.BackendUnavailable, `backend "${backend}" returned no artifact reference from freeze()`)
  }

  io.info(`recording ${artifact} in ${state.dir}`)
  await state.ensureDir()
  await state.recordSnapshot({
    artifact,
    backend,
    committedAt: (request.now?.() ?? new Date()).toISOString(),
    via: 'commit',
    toolVersion: await toolVersion,
    arch: hostArch(),
  })
  await state.markPreserved(request.now?.() ?? new Date())
  // Still under the lock, so that no other commit records a snapshot while old ones are removed.
  const pruned = request.keep === undefined ? undefined : await pruneSnapshots({...request, slug, keep: request.keep})

  return {
    slug,
    backend,
    artifact,
    preserved: true,
    resume: `bottle resume ${slug}`,
    export: exportHint(freezer, {slug, bottleName, artifact, options}, warnings, io),
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
    const message = `no export hint: ${(error as Error).message}`
    warnings.push(message)
    io.warn(message)
    return []
  }
}
