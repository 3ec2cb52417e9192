import {defaultLoaders} from 'cosmiconfig'
import {readFile, stat} from 'node:fs/promises'
import {homedir} from 'node:os'
import {basename, dirname, extname, isAbsolute, join, relative, resolve} from 'node:path'

import {BottleError, ErrorCode} from '../contract/errors.js'
import {type BottleConfig, type ConfigFile, ConfigFileSchema, DEFAULT_PREFIX} from './config-schema.js'
import {protectedKeys} from './project-keys.js'
import {readTrustedFiles, sha256} from './trusted-files.js'

const PROJECT_PLACES = ['.bottlerc', '.bottlerc.json', '.bottlerc.yaml', '.bottlerc.yml', 'bottle.config.json']
const USER_PLACES = ['config.json', 'config.yaml', 'config.yml']
/** What marks a project's root folder: the project search stops there. */
const PROJECT_ROOT_MARKERS = ['.git', 'package.json']

/**
 * Data loaders only. cosmiconfig's search would also load JavaScript (its
 * default loaders, `$import`, and a meta config in `.config/` or package.json
 * that can add search places), so the files are found here and only parsed
 * with cosmiconfig's JSON and YAML loaders: a config file never runs code.
 */
const PARSERS: Readonly<Record<string, (filepath: string, content: string) => unknown>> = {
  '.json': defaultLoaders['.json'],
  '.yaml': defaultLoaders['.yaml'],
  '.yml': defaultLoaders['.yml'],
  '': defaultLoaders.noExt,
}

/** The user config folder: BOTTLE_CONFIG_DIR, then $XDG_CONFIG_HOME/bottle, then ~/.config/bottle (as oclif). */
export function userConfigDir(env: NodeJS.ProcessEnv): string {
  if (env.BOTTLE_CONFIG_DIR) return env.BOTTLE_CONFIG_DIR
  const xdg = env.XDG_CONFIG_HOME
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config'), 'bottle')
}

/**
 * Loads the user config, then the project config, the project's keys
 * winning. The project config is searched from `cwd` up to the project's
 * root (the nearest folder with .git or package.json), never above $HOME;
 * outside any project only `cwd` itself is looked at. A project config
 * arrives with a cloned repository, so keys that choose what runs are
 * refused from it unless the user trusts the file (`bottle config trust`).
 */
export async function loadConfig(cwd: string, env: NodeJS.ProcessEnv): Promise<BottleConfig> {
  const userDir = userConfigDir(env)
  const user = await firstConfig([userDir], USER_PLACES)
  const project = await findProjectConfig(cwd, env)

  let merged: BottleConfig = {prefix: DEFAULT_PREFIX, backendPlugins: {}, trustedPlugins: [], backends: {}, backendSources: {}, files: []}
  if (user) merged = merge(merged, validate(user.path, user.data), user.path)
  if (project) {
    const file = validate(project.path, project.data)
    await refuseUntrustedKeys(project, file, userDir)
    merged = merge(merged, file, project.path)
  }

  return merged
}

/** The project config file that applies in `cwd` (its path and parsed content), if any. */
export async function findProjectConfig(cwd: string, env: NodeJS.ProcessEnv): Promise<FoundConfig | undefined> {
  return firstConfig(await projectDirs(resolve(cwd), resolve(env.HOME || homedir())), PROJECT_PLACES)
}

/** A config file named by the user (`bottle config trust FILE`), read and validated as the search would. */
export async function readConfigFile(path: string): Promise<FoundConfig> {
  const found = await firstConfig([dirname(path)], [basename(path)])
  if (!found) throw new BottleError(ErrorCode.BadInput, `no config file ${path}`)
  validate(found.path, found.data)
  return found
}

export interface FoundConfig {
  readonly path: string
  readonly content: string
  readonly data: unknown
}

/** `cwd` and its parents up to the project root; only `cwd` when no root is found below $HOME. */
async function projectDirs(cwd: string, home: string): Promise<string[]> {
  const isAboveHome = (dir: string) => dir !== home && !relative(dir, home).startsWith('..')
  if (isAboveHome(cwd)) return []
  const dirs: string[] = []
  for (let dir = cwd; ; dir = dirname(dir)) {
    dirs.push(dir)
    if (await isProjectRoot(dir)) return dirs
    if (dir === home || dirname(dir) === dir || isAboveHome(dirname(dir))) return [cwd]
  }
}

async function isProjectRoot(dir: string): Promise<boolean> {
  const found = await Promise.all(
    PROJECT_ROOT_MARKERS.map((marker) =>
      stat(join(dir, marker)).then(
        () => true,
        () => false,
      ),
    ),
  )
  return found.includes(true)
}

async function firstConfig(dirs: readonly string[], places: readonly string[]): Promise<FoundConfig | undefined> {
  for (const dir of dirs) {
    for (const place of places) {
      if (!PARSERS[extname(place)]) throw new BottleError(ErrorCode.BadInput, `${join(dir, place)} is not a JSON or YAML config file (.json, .yaml, .yml, or no extension)`)
      const path = join(dir, place)
      const content = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined
        throw new BottleError(ErrorCode.BadInput, `cannot read config ${path}: ${error.message}`)
      })
      if (content !== undefined) return {path, content, data: parse(path, content)}
    }
  }

  return undefined
}

function parse(path: string, content: string): unknown {
  if (content.trim() === '') return {}
  let data: unknown
  try {
    data = PARSERS[extname(path)]!(path, content)
  } catch (error) {
    throw new BottleError(ErrorCode.BadInput, `cannot read config ${path}: ${cause((error as Error).message ?? String(error))}`)
  }

  assertSmall(path, data)
  return data
}

/** More values than any real config has: what a file of YAML aliases nested in aliases expands to (a "billion laughs"). */
const MAX_VALUES = 10_000

/**
 * A config is a small tree. YAML aliases make it a graph that every later
 * walk (validation, `config show`) expands: a few lines of nested aliases
 * in a cloned repository's .bottlerc would otherwise hang every command. The
 * values are counted as expanded, and the count stops at the limit.
 */
function assertSmall(path: string, data: unknown): void {
  const pending = [data]
  for (let count = 0; pending.length > 0; count++) {
    if (count + pending.length > MAX_VALUES) {
      throw new BottleError(ErrorCode.BadInput, `invalid config ${path}: more than ${MAX_VALUES} values once its YAML aliases are expanded; a bottle config is a few keys`)
    }

    const value = pending.pop()
    if (value && typeof value === 'object') for (const inner of Object.values(value)) pending.push(inner)
  }
}

function validate(file: string, data: unknown): ConfigFile {
  if (data && typeof data === 'object' && '$import' in data) {
    throw new BottleError(ErrorCode.BadInput, `invalid config ${file}: $import: config files cannot import other files; copy the settings in`)
  }

  const parsed = ConfigFileSchema.safeParse(data ?? {})
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const key = issue?.path.length ? issue.path.join('.') : (issue as {keys?: string[]} | undefined)?.keys?.join(', ')
  throw new BottleError(ErrorCode.BadInput, `invalid config ${file}: ${key ? `${key}: ` : ''}${issue?.message ?? 'invalid'}`)
}

async function refuseUntrustedKeys(project: FoundConfig, file: ConfigFile, userDir: string): Promise<void> {
  const keys = protectedKeys(file)
  if (keys.length === 0) return
  const trusted = (await readTrustedFiles(userDir))[project.path]
  if (trusted === sha256(project.content)) return
  const {key, reason} = keys[0]!
  const changed = trusted ? ' (it changed since you trusted it)' : ''
  throw new BottleError(
    ErrorCode.ConfirmationRequired,
    `project config ${project.path} sets ${key}, which ${reason}; only your user config (${join(userDir, 'config.json')}) or the environment may set it, unless you trust this file${changed}: bottle config trust ${project.path}`,
  )
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

/**
 * The parser's reason, one line. cosmiconfig heads it with a line of its own
 * ("YAML Error in FILE:", "JSON Error in FILE:") that says nothing the file
 * name does not: the reason is on the next line.
 */
function cause(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const reason = /^(YAML|JSON) Error in .*:$/.test(lines[0] ?? '') ? lines[1] : lines[0]
  return reason ?? text
}
