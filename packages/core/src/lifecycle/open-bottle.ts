import {BottleError, ErrorCode} from '../contract/errors.js'
import type {Lifecycle, LifecycleContext, LifecycleOperation} from '../contract/lifecycle.js'
import type {BottleConfig} from '../config/config-schema.js'
import {validateBackendOptions} from '../commit/backend-options.js'
import {type HostIO, LEGACY_BACKEND} from '../commit/commit-bottle.js'
import {bottleContext} from '../commit/bottle-context.js'
import type {BackendRegistry} from '../registry/backend-registry.js'
import {BottleState, type Metadata, type Snapshot} from '../state/bottle-state.js'

/** What every lifecycle command gets from the host (the same as a commit). */
export interface LifecycleRequest {
  readonly registry: BackendRegistry
  readonly config: BottleConfig
  readonly stateRoot: string
  readonly io: HostIO
  readonly signal?: AbortSignal
  readonly now?: () => Date
}

/** One bottle, its backend's lifecycle loaded and a context built for it. */
export interface OpenBottle {
  readonly slug: string
  readonly bottleName: string
  readonly backend: string
  readonly state: BottleState
  readonly ctx: LifecycleContext
  readonly warnings: string[]
  /** The operation, bound to the lifecycle; names the backend and the operation when it does not support it. */
  need<K extends LifecycleOperation>(operation: K): NonNullable<Lifecycle[K]>
}

/** Loads `backend`'s lifecycle for the bottle `slug` (already checked) and builds the context its operations get. */
export async function openBottle(request: LifecycleRequest, slug: string, backend: string, metadata: Metadata | null): Promise<OpenBottle> {
  const {registry, config, io} = request
  const {freezer, lifecycle} = await registry.loadLifecycle(backend)
  const options = await validateBackendOptions(freezer, backend, config)
  const state = new BottleState(request.stateRoot, slug)
  const bottleName = `${config.prefix}${slug}`
  const warnings: string[] = []
  const signal = request.signal ?? new AbortController().signal
  const ctx: LifecycleContext = bottleContext({slug, bottleName, backend, metadata, options, stateDir: state.dir, io, signal, warnings})

  return {
    slug,
    bottleName,
    backend,
    state,
    ctx,
    warnings,
    need(operation) {
      const member = lifecycle[operation]
      if (typeof member !== 'function') {
        throw new BottleError(ErrorCode.BackendUnavailable, `backend "${backend}" does not support ${operation} (its lifecycle has no ${operation}())`)
      }

      return member.bind(lifecycle) as NonNullable<Lifecycle[typeof operation]>
    },
  }
}

/** A string a plugin returned, checked by shape like everything a plugin gives the host. */
export function expectReference(value: unknown, backend: string, operation: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BottleError(ErrorCode.BackendUnavailable, `backend "${backend}" returned no artifact reference from ${operation}()`)
  }

  return value
}

/** The bottle's backend: from its metadata, else its newest snapshot, else docker (state from before backends were recorded). */
export function backendOf(metadata: Metadata | null, history: readonly Snapshot[]): string {
  return metadata?.backend || history.at(-1)?.backend || LEGACY_BACKEND
}
