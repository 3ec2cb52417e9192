/**
 * SIGINT and SIGTERM during a command: the first aborts the work (the backend
 * tool is stopped, temp files and the lock are cleaned up on the way out,
 * state is left as it was); a second one leaves at once, for a user who will
 * not wait for the clean-up.
 */
const EXIT_CODES = {SIGINT: 130, SIGTERM: 143} as const
type Caught = keyof typeof EXIT_CODES

let received: Caught | undefined

/** An abort signal fired by the first SIGINT or SIGTERM of this process. */
export function abortOnSignals(): AbortSignal {
  const controller = new AbortController()
  for (const name of Object.keys(EXIT_CODES) as Caught[]) {
    process.on(name, () => {
      if (received) process.exit(EXIT_CODES[received])
      received = name
      process.stderr.write(`bottle: ${name} received: stopping and cleaning up (again to leave at once)\n`)
      controller.abort(new Error(name))
    })
  }

  return controller.signal
}

/** The exit code of an interrupted command: 143 after SIGTERM, else 130 as for Ctrl-C. */
export function interruptedExitCode(): number {
  return EXIT_CODES[received ?? 'SIGINT']
}
