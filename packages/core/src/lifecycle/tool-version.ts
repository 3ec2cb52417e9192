import type {LifecycleContext} from '../contract/lifecycle.js'
import type {BackendRegistry} from '../registry/backend-registry.js'

/**
 * The backend tool's version, for the record: undefined when the backend
 * declares no lifecycle or cannot tell. Never fails the operation it is
 * recorded for.
 */
export async function toolVersionOf(registry: BackendRegistry, backend: string, ctx: LifecycleContext): Promise<string | undefined> {
  try {
    const {lifecycle} = await registry.loadLifecycle(backend)
    const version: unknown = await lifecycle.toolVersion?.(ctx)
    return typeof version === 'string' && version.trim() !== '' ? version.trim() : undefined
  } catch {
    return undefined
  }
}
