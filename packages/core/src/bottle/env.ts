import {BottleError, ErrorCode} from '../contract/errors.js'

/** `-e` entries must be `K=V` with a name a shell would accept. */
export function checkEnv(env: readonly string[]): void {
  for (const entry of env) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(entry)) {
      throw new BottleError(ErrorCode.BadInput, `invalid -e ${JSON.stringify(entry)}: use NAME=VALUE`)
    }
  }
}
