import {BottleError, ErrorCode} from '../contract/errors.js'

/** What a "no such bottle" from a backend must say beside the backend's own words. */
export interface NotFoundContext {
  readonly slug: string
  readonly backend: string
  /** Whether the backend was taken from the bottle's state (else it was assumed: a bottle without state). */
  readonly fromState: boolean
}

/**
 * Runs a backend operation and makes its BOTTLE_NOT_FOUND name the backend
 * that was asked, and why that one: a bottle without state is taken for a
 * docker bottle, so "no container" must not read as the last word about a
 * bottle of another backend.
 */
export async function namingBackend<T>(context: NotFoundContext, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    const {code, message} = (error ?? {}) as {code?: unknown; message?: unknown}
    if (code !== ErrorCode.BottleNotFound || typeof message !== 'string') throw error
    const named = new BottleError(ErrorCode.BottleNotFound, `${message}${why(context)}`, {cause: error})
    // BOTTLE_DEBUG shows where the backend threw, not where the host added to its message.
    const {stack} = error as {stack?: unknown}
    if (typeof stack === 'string' && stack.includes('\n')) named.stack = `${named.name}: ${named.message}${stack.slice(stack.indexOf('\n'))}`
    throw named
  }
}

function why({slug, backend, fromState}: NotFoundContext): string {
  if (fromState) return ` (backend ${backend})`
  return `; ${slug} has no bottle state, so it was taken for a ${backend} bottle: a bottle of another backend gets its state from bottle launch ${slug} --backend <name>`
}
