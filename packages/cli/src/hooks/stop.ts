/**
 * Ends a hook with one line on stderr and an exit code. oclif stops a run
 * from a hook only on an error that carries `oclif.exit`; `exitCode` keeps
 * the same code under --json, and oclif's own (wrapped, prefixed) printing is
 * skipped for our one line.
 */
export function stop(message: string, exitCode: number): never {
  process.stderr.write(`bottle: ${message}\n`)
  throw Object.assign(new Error(message), {oclif: {exit: exitCode}, exitCode, skipOclifErrorHandling: true})
}
