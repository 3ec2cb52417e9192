import {SecretMask} from '@bottle/core'

import {printableLine} from '../printable.js'

/**
 * A hook's text, through the same boundary as a command's output (hooks run
 * outside BottleCommand): secret values masked, control characters escaped.
 * It can hold what the user typed, `-e NAME=value` included.
 */
export function hookLine(text: string): string {
  const secrets = new SecretMask()
  secrets.addEnv(process.env)
  return printableLine(secrets.mask(text))
}

/**
 * Ends a hook with one line on stderr and an exit code. oclif stops a run
 * from a hook only on an error that carries `oclif.exit`; `exitCode` keeps
 * the same code under --json, and oclif's own (wrapped, prefixed) printing is
 * skipped for our one line.
 */
export function stop(message: string, exitCode: number): never {
  process.stderr.write(`bottle: ${hookLine(message)}\n`)
  throw Object.assign(new Error(message), {oclif: {exit: exitCode}, exitCode, skipOclifErrorHandling: true})
}
