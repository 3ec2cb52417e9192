import {mkdir} from 'node:fs/promises'
import {join, resolve} from 'node:path'

import {BottleError, ErrorCode} from '../contract/errors.js'
import {type FoundConfig, findProjectConfig, readConfigFile, userConfigDir} from '../config/load-config.js'
import {TRUST_FILE, readTrustedFiles, sha256} from '../config/trusted-files.js'
import {writeFileAtomic} from '../state/atomic-write.js'

export interface TrustResult {
  readonly file: string
  readonly sha256: string
  readonly trusted: boolean
}

/**
 * Trusts (or stops trusting) a project config file as it is now: its path
 * and content hash go to the user's config folder, so an edit to the file
 * makes it untrusted again. Without `file`, the project config that applies
 * in `cwd`.
 */
export async function setConfigTrust(cwd: string, env: NodeJS.ProcessEnv, file: string | undefined, trusted: boolean): Promise<TrustResult> {
  const found = await configToTrust(cwd, env, file)
  const hash = sha256(found.content)
  const dir = userConfigDir(env)
  if (trusted) await setTrustedFile(dir, found.path, hash)
  else if ((await readTrustedFiles(dir))[found.path] !== undefined) await setTrustedFile(dir, found.path, undefined)
  return {file: found.path, sha256: hash, trusted}
}

async function configToTrust(cwd: string, env: NodeJS.ProcessEnv, file: string | undefined): Promise<FoundConfig> {
  if (file) return readConfigFile(resolve(cwd, file))
  const found = await findProjectConfig(cwd, env)
  if (!found)
    throw new BottleError(
      ErrorCode.BadInput,
      `no project config (.bottlerc, .bottlerc.json, .bottlerc.yaml, .bottlerc.yml, bottle.config.json) here or up to the project root; name the file: bottle config trust <file>`,
    )
  return found
}

/** Records (`hash` a string) or forgets (`hash` undefined) a trusted file. */
async function setTrustedFile(configDir: string, file: string, hash: string | undefined): Promise<void> {
  const files = await readTrustedFiles(configDir)
  if (hash === undefined) delete files[file]
  else files[file] = hash
  await mkdir(configDir, {recursive: true})
  await writeFileAtomic(join(configDir, TRUST_FILE), `${JSON.stringify({files}, null, 2)}\n`)
}
