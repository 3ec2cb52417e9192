/**
 * SIGINT and SIGTERM during a command: the first aborts the work (the backend
 * tool is stopped, what was half made is removed, temp files and the lock are
 * cleaned up on the way out, state is left as it was, or, past the record,
 * the command finishes and says what it left undone); a second one leaves at
 * once, for a user who will not wait for the clean-up.
 */
/** The signals bottle handles, with the exit code each ends a command with. */
export const EXIT_CODES = {SIGINT: 130, SIGTERM: 143} as const
export type Caught = keyof typeof EXIT_CODES

let received: Caught | undefined
let controller: AbortController | undefined

/** The abort signal fired by the first SIGINT or SIGTERM of this process; the handlers are installed once, by the first call. */
export function abortOnSignals(): AbortSignal {
  if (controller) return controller.signal
  const own = new AbortController()
  controller = own
  for (const name of Object.keys(EXIT_CODES) as Caught[]) {
    process.on(name, () => {
      if (received) process.exit(EXIT_CODES[received])
      received = name
      process.stderr.write(`bottle: ${name} received: stopping and cleaning up (again to leave at once)\n`)
      own.abort(new Error(name))
    })
  }

  return own.signal
}

/** Whether the command was interrupted, by a signal or by Ctrl-C at a question. */
export function wasInterrupted(): boolean {
  return received !== undefined
}

/** Ctrl-C typed at a question reaches the terminal's reader, not the process: it counts as SIGINT. */
export function noteInterrupt(): void {
  received ??= 'SIGINT'
  controller?.abort(new Error('SIGINT'))
}

/** The exit code of an interrupted command: 143 after SIGTERM, else 130 as for Ctrl-C. */
export function interruptedExitCode(): number {
  return EXIT_CODES[received ?? 'SIGINT']
}
