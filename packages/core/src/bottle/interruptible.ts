import {BottleError, ErrorCode} from '../contract/errors.js'

/**
 * Runs a step of work the user can interrupt. Once the signal has fired,
 * whatever the step fails with is the interruption: a tool killed by the same
 * Ctrl-C, or a clean-up cut short, must not be reported as a failure of its
 * own (exit 130/143, not 5 or 6). Its own words stay in the message.
 */
export async function interruptible<T>(signal: AbortSignal, step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (error) {
    const shaped = error as {code?: unknown; message?: unknown} | null
    if (!signal.aborted || shaped?.code === ErrorCode.Interrupted) throw error
    throw new BottleError(ErrorCode.Interrupted, `interrupted: ${String(shaped?.message ?? error)}`, {cause: error})
  }
}
