import {BottleError, ErrorCode} from '../contract/errors.js'

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * `-e` entries must be `NAME=VALUE` with a name a shell would accept. The
 * error shows the entry's position and, at most, its name: the value (or an
 * entry without `=`, which may be a pasted token) is never shown.
 */
export function checkEnv(env: readonly string[]): void {
  for (const [index, entry] of env.entries()) {
    const split = entry.indexOf('=')
    const name = split === -1 ? '' : entry.slice(0, split)
    if (NAME.test(name)) continue
    const shown = NAME.test(name.trim().split(/\s+/).at(-1) ?? '') && name.length <= 80 ? ` (${JSON.stringify(`${name}=…`)})` : ''
    throw new BottleError(ErrorCode.BadInput, `invalid -e entry ${index + 1}${shown}: use NAME=VALUE, with a name of letters, digits and "_" not starting with a digit`)
  }
}
