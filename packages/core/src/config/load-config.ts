import {cosmiconfig} from 'cosmiconfig'
import {homedir} from 'node:os'
import {dirname, isAbsolute, join} from 'node:path'

import {BottleError, ErrorCode} from '../contract/errors.js'
import {type BottleConfig, type ConfigFile, ConfigFileSchema, DEFAULT_PREFIX} from './config-schema.js'

const PROJECT_PLACES = ['.bottlerc', '.bottlerc.json', '.bottlerc.yaml', '.bottlerc.yml', 'bottle.config.json']
const USER_PLACES = ['config.json', 'config.yaml', 'config.yml']

/** The user config folder: BOTTLE_CONFIG_DIR, then $XDG_CONFIG_HOME/bottle, then ~/.config/bottle (as oclif). */
export function userConfigDir(env: NodeJS.ProcessEnv): string {
  if (env.BOTTLE_CONFIG_DIR) return env.BOTTLE_CONFIG_DIR
  const xdg = env.XDG_CONFIG_HOME
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config'), 'bottle')
}

/**
 * Loads the user config, then the project config (searched from `cwd` up to
 * the nearest package.json), the project's keys winning. Only JSON and YAML
 * are read: a config file never runs code.
 */
export async function loadConfig(cwd: string, env: NodeJS.ProcessEnv): Promise<BottleConfig> {
  const user = await cosmiconfig('bottle', {searchPlaces: USER_PLACES, searchStrategy: 'none', cache: false})
    .search(userConfigDir(env))
    .catch((error: unknown) => unreadable(error))
  const project = await cosmiconfig('bottle', {searchPlaces: PROJECT_PLACES, searchStrategy: 'project', cache: false})
    .search(cwd)
    .catch((error: unknown) => unreadable(error))

  let merged: BottleConfig = {prefix: DEFAULT_PREFIX, backendPlugins: {}, trustedPlugins: [], backends: {}, backendSources: {}, files: []}
  for (const found of [user, project]) {
    if (found && !found.isEmpty) merged = merge(merged, validate(found.filepath, found.config), found.filepath)
  }

  return merged
}

function validate(file: string, data: unknown): ConfigFile {
  const parsed = ConfigFileSchema.safeParse(data ?? {})
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const key = issue?.path.length ? issue.path.join('.') : (issue as {keys?: string[]} | undefined)?.keys?.join(', ')
  throw new BottleError(ErrorCode.BadInput, `invalid config ${file}: ${key ? `${key}: ` : ''}${issue?.message ?? 'invalid'}`)
}

function merge(base: BottleConfig, file: ConfigFile, filepath: string): BottleConfig {
  const backends = {...base.backends}
  const backendSources = {...base.backendSources}
  for (const [name, options] of Object.entries(file.backends ?? {})) {
    backends[name] = {...backends[name], ...options}
    backendSources[name] = filepath
  }

  return {
    stateDir: file.stateDir ?? base.stateDir,
    stateDirBase: file.stateDir ? dirname(filepath) : base.stateDirBase,
    prefix: file.prefix ?? base.prefix,
    backendPlugins: {...base.backendPlugins, ...file.backendPlugins},
    trustedPlugins: [...base.trustedPlugins, ...(file.trustedPlugins ?? [])],
    secretEnv: [...(base.secretEnv ?? []), ...(file.secretEnv ?? [])],
    secretFiles: [...(base.secretFiles ?? []), ...(file.secretFiles ?? [])],
    backends,
    backendSources,
    files: [...base.files, filepath],
  }
}

function unreadable(error: unknown): never {
  const {message, filepath} = error as {message?: string; filepath?: string}
  throw new BottleError(ErrorCode.BadInput, `cannot read config${filepath ? ` ${filepath}` : ''}: ${cause(message ?? String(error))}`)
}

/**
 * The parser's reason, one line. cosmiconfig heads it with a line of its own
 * ("YAML Error in FILE:", "JSON Error in FILE:") that says nothing the file
 * name does not: the reason is on the next line.
 */
function cause(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean)
  const reason = /^(YAML|JSON) Error in .*:$/.test(lines[0] ?? '') ? lines[1] : lines[0]
  return reason ?? text
}
