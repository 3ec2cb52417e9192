import type {FreezeContext} from '../contract/freezer.js'
import type {Lifecycle} from '../contract/lifecycle.js'
import {secretRules} from '../secrets/secret-rules.js'
import {validateBackendOptions} from './backend-options.js'
import {bottleContext} from './context.js'
import type {BottleRequest} from './host-io.js'

/** A backend opened for what concerns no one bottle (listing its bottles, asking its tool's version). */
export interface OpenBackend {
  readonly lifecycle: Lifecycle | null
  /** Slug and bottle name empty: messages name no bottle that does not exist. */
  readonly ctx: FreezeContext
}

export async function openBackend(request: Omit<BottleRequest, 'now'>, backend: string): Promise<OpenBackend> {
  const {config, io} = request
  const {freezer, lifecycle} = await request.registry.load(backend)
  const options = await validateBackendOptions(freezer, backend, config)
  const signal = request.signal ?? new AbortController().signal
  const ctx = bottleContext({
    slug: '',
    bottleName: '',
    backend,
    metadata: null,
    options,
    stateDir: request.stateRoot,
    secrets: secretRules(config, true),
    io,
    signal,
    warnings: [],
    cacheRoot: request.cacheRoot,
  })
  return {lifecycle, ctx}
}
