import {BottleError, ErrorCode} from '../contract/errors.js'
import type {BackendDeclaration} from '../contract/declaration.js'
import type {FreezeContext, Freezer} from '../contract/freezer.js'
import type {BottleStatus, LaunchSpec, Lifecycle, LifecycleOperation} from '../contract/lifecycle.js'
import {secretRules} from '../secrets/secret-rules.js'
import {BottleState, type Metadata, type Snapshot} from '../state/bottle-state.js'
import {validateBackendOptions} from './backend-options.js'
import {bottleContext} from './context.js'
import {namingBackend} from './not-found.js'
import type {BottleRequest} from './host-io.js'
import {callPlugin} from './plugin-call.js'
import {reportError} from './report-error.js'
import {assertSlug} from './slug.js'

/** State written before bottles recorded their backend has none: those were all Docker bottles. */
export const LEGACY_BACKEND = 'docker'

/** A bottle as its state folder describes it, before any plugin is loaded. */
export interface BottleRecord {
  readonly slug: string
  readonly state: BottleState
  readonly metadata: Metadata | null
  /** Every snapshot, oldest first. */
  readonly history: readonly Snapshot[]
  /** The one backend rule: the metadata's, else the newest snapshot's, else docker (state from before backends were recorded). */
  readonly backend: string
}

/**
 * Reads a bottle's state: a damaged file is reported here, before any
 * backend runs, so that nothing is made that could not be recorded.
 */
export async function readBottle(stateRoot: string, slug: string): Promise<BottleRecord> {
  const state = new BottleState(stateRoot, assertSlug(slug))
  const metadata = await state.readMetadata()
  const history = await state.readHistory()
  return {slug: state.slug, state, metadata, history, backend: metadata?.backend || history.at(-1)?.backend || LEGACY_BACKEND}
}

export interface OpenOptions {
  /** The backend to use instead of the bottle's own: launch, resume --backend, an import's manifest. */
  readonly backend?: string
  /** Metadata to use instead of the bottle's (an import's manifest). */
  readonly metadata?: Metadata | null
  /** False with --no-scrub: secrets are left in the artifact on purpose. */
  readonly scrub?: boolean
  /** `commit --live`, `--include-workspace`: in the context every operation gets, so that it is one context per command. */
  readonly wishes?: Pick<FreezeContext, 'live' | 'includeWorkspace'>
}

/** One bottle with its backend loaded (once) and the context its operations get. */
export interface OpenBottle extends BottleRecord {
  readonly bottleName: string
  readonly freezer: Freezer
  /** What the backend's package.json declares (capabilities, live freeze). */
  readonly declaration?: BackendDeclaration
  /** This backend's options, validated by its schema. */
  readonly options: Record<string, unknown>
  readonly ctx: FreezeContext
  /**
   * The same context with a signal that never fires: for the steps past the
   * point of no return and for clean-up, which must run to the end after an
   * interrupt (the interrupt is still seen on `ctx.signal`).
   */
  readonly finishCtx: FreezeContext
  /** The freezer's freeze(), contained like every plugin call. */
  freeze(): Promise<unknown>
  /** What the plugin warned about, for --json. */
  readonly warnings: string[]
  /** Whether `bottle export` / `bottle import` can move this bottle: its backend has both. */
  readonly canMove: boolean
  /**
   * The operation, bound to the lifecycle and contained (anything it throws
   * becomes a BottleError, a promise that never settles is reported); names
   * the backend and the operation when it does not support it, and the
   * backend in its "no such bottle".
   */
  need<K extends LifecycleOperation>(operation: K): NonNullable<Lifecycle[K]>
  /** Whether the backend's lifecycle has the operation. */
  has(operation: LifecycleOperation): boolean
  /** The bottle's status as its backend reports it, checked by shape. */
  status(): Promise<BottleStatus>
  /** The tool's version for the record; undefined when the backend cannot tell. Never fails. */
  toolVersion(): Promise<string | undefined>
  /**
   * Creates and starts the bottle; when that fails part-way (docker run
   * creates the container before it fails to start it), or an interrupt
   * comes, removes what was left, so that a retry finds the name free.
   * `past` (past the point of no return: the bottle it replaces is gone)
   * runs it to the end whatever interrupts it.
   */
  launch(spec: LaunchSpec, options?: {past?: boolean}): Promise<void>
  /**
   * Removes each artifact it can; one that cannot be removed is kept and
   * named, never silently lost track of. An interrupt stops it between two
   * artifacts (the one under way is finished): the rest are kept and named.
   */
  removeArtifacts(artifacts: readonly string[]): Promise<{removed: string[]; kept: string[]}>
}

/**
 * The one way every operation opens a bottle: its state read, its backend
 * picked by the one rule and loaded once (freezer and lifecycle), its options
 * validated and its context built.
 */
export async function openBottle(request: BottleRequest, bottle: string | BottleRecord, open: OpenOptions = {}): Promise<OpenBottle> {
  const {registry, config, io} = request
  const record = typeof bottle === 'string' ? await readBottle(request.stateRoot, bottle) : bottle
  const backend = open.backend ?? record.backend
  const metadata = open.metadata === undefined ? record.metadata : open.metadata
  const {entry, freezer, lifecycle} = await registry.load(backend)
  // The schema is the plugin's code too: contained like its operations.
  const options = await callPlugin(backend, 'optionsSchema.validate', () => validateBackendOptions(freezer, backend, config), request.signal)
  const bottleName = `${config.prefix}${record.slug}`
  const warnings: string[] = []
  const signal = request.signal ?? new AbortController().signal
  const secrets = secretRules(config, open.scrub ?? true)
  const contextInput = {slug: record.slug, bottleName, backend, metadata, options, stateDir: record.state.dir, secrets, io, warnings, cacheRoot: request.cacheRoot}
  const ctx = {...bottleContext({...contextInput, signal}), ...open.wishes}
  const finishCtx = {...bottleContext({...contextInput, signal: new AbortController().signal}), ...open.wishes}

  // A backend's "no such bottle" says which backend was asked, and why that one.
  const notFound = {slug: record.slug, backend, fromState: open.backend !== undefined || record.metadata !== null || record.history.length > 0}
  const need = <K extends LifecycleOperation>(operation: K): NonNullable<Lifecycle[K]> => {
    const member = lifecycle?.[operation]
    if (typeof member !== 'function') {
      const why = lifecycle ? `its lifecycle has no ${operation}()` : 'it declares no lifecycle: it only commits'
      throw new BottleError(ErrorCode.BackendUnavailable, `backend "${backend}" does not support ${operation} (${why})`)
    }

    const bound = (member as (...args: unknown[]) => unknown).bind(lifecycle)
    return ((...args: unknown[]) => namingBackend(notFound, () => callPlugin(backend, operation, () => bound(...args), signal))) as NonNullable<Lifecycle[K]>
  }

  const status = async () => checkStatus(backend, await need('status')(ctx))
  const opened: OpenBottle = {
    ...record,
    backend,
    metadata,
    bottleName,
    freezer,
    declaration: entry?.declaration,
    options,
    ctx,
    finishCtx,
    warnings,
    freeze: () => namingBackend(notFound, () => callPlugin(backend, 'freeze', () => freezer.freeze(ctx), signal)),
    canMove: typeof lifecycle?.exportArtifact === 'function' && typeof lifecycle.importArtifact === 'function',
    need,
    has: (operation) => typeof lifecycle?.[operation] === 'function',
    status,
    async toolVersion() {
      try {
        const version: unknown = typeof lifecycle?.toolVersion === 'function' ? await need('toolVersion')(ctx) : undefined
        return typeof version === 'string' && version.trim() !== '' ? version.trim() : undefined
      } catch {
        return undefined
      }
    },
    async launch(spec, {past = false} = {}) {
      const launch = need('launch')
      try {
        await launch(past ? finishCtx : ctx, spec)
        if (signal.aborted && !past) throw new BottleError(ErrorCode.Interrupted, `interrupted: ${bottleName} was removed again`)
      } catch (error) {
        // With the context that is not interrupted: the clean-up must run to the end.
        const left = await need('status')(finishCtx).catch(() => 'unknown')
        if (left !== 'missing') await need('remove')(finishCtx).catch(() => undefined)
        throw error
      }
    },
    async removeArtifacts(artifacts) {
      const removed: string[] = []
      const kept: string[] = []
      if (artifacts.length === 0) return {removed, kept}
      let removeArtifact: NonNullable<Lifecycle['removeArtifact']>
      try {
        removeArtifact = need('removeArtifact')
      } catch (error) {
        ctx.warn(`${reportError(error).message}: remove these artifacts yourself: ${artifacts.join(', ')}`)
        return {removed, kept: [...artifacts]}
      }

      for (const [index, artifact] of artifacts.entries()) {
        if (signal.aborted) {
          const left = artifacts.slice(index)
          kept.push(...left)
          ctx.warn(`interrupted: left undone, still there: ${left.join(', ')}`)
          break
        }

        try {
          await removeArtifact(finishCtx, artifact)
          removed.push(artifact)
        } catch (error) {
          kept.push(artifact)
          ctx.warn(`could not remove ${artifact}: ${reportError(error).message}`)
        }
      }

      return {removed, kept}
    },
  }
  return opened
}

const STATUSES: readonly string[] = ['running', 'stopped', 'missing'] satisfies BottleStatus[]

function checkStatus(backend: string, status: unknown): BottleStatus {
  if (typeof status !== 'string' || !STATUSES.includes(status)) {
    throw new BottleError(ErrorCode.BackendUnavailable, `backend "${backend}" returned ${JSON.stringify(status)} from status(); expected ${STATUSES.join(', ')}`)
  }

  return status as BottleStatus
}

/**
 * An artifact reference a plugin returned, checked by shape like everything
 * a plugin gives the host: one line, no control characters, no surrounding
 * space, so that it can be recorded, printed as stdout's only line and given
 * back to the backend as it is.
 */
export function expectReference(value: unknown, backend: string, operation: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BottleError(ErrorCode.BackendUnavailable, `backend "${backend}" returned no artifact reference from ${operation}()`)
  }

  if (value !== value.trim() || /\p{Cc}/u.test(value)) {
    throw new BottleError(
      ErrorCode.BackendUnavailable,
      `backend "${backend}" returned an unusable artifact reference from ${operation}(): ${JSON.stringify(value)} (it must be one line, without control characters or surrounding space); it was not recorded`,
    )
  }

  return value
}
