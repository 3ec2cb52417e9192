import {BottleError, ErrorCode} from '../contract/errors.js'
import {describeThrown} from '../contract/describe-thrown.js'

/** How long a plugin gets, once interrupted, to stop and clean up before the host stops waiting for it. */
export const PLUGIN_STOP_GRACE_MS = 30_000

const codes = new Set<string>(Object.values(ErrorCode))
/** The failers of the plugin calls under way, told when the process would otherwise end with them unsettled. */
const pending = new Set<() => void>()

function onBeforeExit(): void {
  for (const fail of pending) fail()
}

/**
 * Runs one call into a plugin so that whatever it does comes back as a
 * BottleError the host can report: a value thrown that is not an error with
 * one of the contract's codes (null, a string, a plain Error) becomes
 * BOTTLE_BACKEND_UNAVAILABLE naming the backend and the operation; a promise
 * that never settles is reported when nothing is left to run, and, after an
 * interrupt, once the grace period is over.
 */
export async function callPlugin<T>(backend: string, operation: string, call: () => T | Promise<T>, signal?: AbortSignal): Promise<T> {
  const what = `backend "${backend}": ${operation}()`
  let fail: (() => void) | undefined
  let onAbort: (() => void) | undefined
  let grace: NodeJS.Timeout | undefined
  try {
    return await new Promise<T>((resolve, reject) => {
      fail = () => reject(new BottleError(ErrorCode.BackendUnavailable, `${what} never finished: its promise never settled and it had nothing left to run`))
      if (pending.size === 0) process.on('beforeExit', onBeforeExit)
      pending.add(fail)
      onAbort = () => {
        grace = setTimeout(
          () => reject(new BottleError(ErrorCode.Interrupted, `interrupted: ${what} did not stop within ${PLUGIN_STOP_GRACE_MS / 1000} s; what it was making may remain`)),
          PLUGIN_STOP_GRACE_MS,
        )
        grace.unref()
      }

      if (signal?.aborted) onAbort()
      else signal?.addEventListener('abort', onAbort, {once: true})
      Promise.resolve().then(call).then(resolve, reject)
    })
  } catch (error) {
    throw contained(error, what)
  } finally {
    clearTimeout(grace)
    if (onAbort) signal?.removeEventListener('abort', onAbort)
    if (fail) pending.delete(fail)
    if (pending.size === 0) process.off('beforeExit', onBeforeExit)
  }
}

/** An error a plugin threw on purpose carries a contract code; anything else is the plugin failing. */
function contained(error: unknown, what: string): unknown {
  let code: unknown
  try {
    code = (error as {code?: unknown} | null)?.code
  } catch {}

  if (error instanceof BottleError || (typeof code === 'string' && codes.has(code))) return error
  const thrown = error instanceof Error ? describeThrown(error) : `it threw ${typeof error === 'string' ? JSON.stringify(error) : describeThrown(error)}, not an Error`
  return new BottleError(ErrorCode.BackendUnavailable, `${what} failed: ${thrown}`, {cause: error})
}
