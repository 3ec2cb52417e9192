import {BottleError, ErrorCode} from '../contract/errors.js'

/** `-e` entries must be `K=V` with a name a shell would accept. */
export function checkEnv(env: readonly string[]): void {
  for (const entry of env) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(entry)) {
      throw new BottleError(ErrorCode.BadInput, `invalid -e ${JSON.stringify(entry)}: use NAME=VALUE`)
    }
  }
}

/** The names of `-e` entries, which the state records: values are often credentials, and state is not a secret store. */
export function envNames(env: readonly string[]): string[] {
  return env.map((entry) => entry.slice(0, entry.indexOf('=')))
}
