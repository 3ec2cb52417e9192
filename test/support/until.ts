import {access} from 'node:fs/promises'
import {setTimeout as sleep} from 'node:timers/promises'

/**
 * Polls `ready` until it is true, and fails as soon as `command` (the process
 * under test) has ended without it, saying how it ended: a marker that never
 * comes fails the test instead of hanging it.
 */
export async function untilWhileRunning(what: string, ready: () => Promise<boolean>, command: PromiseLike<unknown>): Promise<void> {
  let ended: {value: unknown} | undefined
  Promise.resolve(command).then(
    (value) => (ended = {value}),
    (value) => (ended = {value}),
  )
  for (;;) {
    // Read before looking: a command that made the marker and then ended still counts.
    const over = ended
    if (await ready()) return
    if (over) throw new Error(`waited for ${what}, but the command ended first: ${howItEnded(over.value)}`)
    await sleep(20)
  }
}

function howItEnded(value: unknown): string {
  const {exitCode, signal, stderr} = (value ?? {}) as {exitCode?: unknown; signal?: unknown; stderr?: unknown}
  return `exit ${String(exitCode ?? signal)}${typeof stderr === 'string' && stderr !== '' ? `, stderr:\n${stderr}` : ''}`
}

/** Whether `path` exists now. */
export const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  )
