import {existsSync, readFileSync} from 'node:fs'
import {arch, homedir, platform, release} from 'node:os'
import {join} from 'node:path'

/**
 * Answers `bottle --version` without loading oclif, when the answer cannot
 * differ from oclif's: argv is exactly `--version`, and no plugin could run
 * an `init` or `finally` hook around it (the shipped plugins declare none:
 * test/e2e/bundle.test.ts keeps it so; user and linked ones are read). Prints what
 * oclif prints (its `config.userAgent`) and returns true; returns false
 * whenever oclif must decide. Built as CommonJS, like bin/run.js, so that
 * answering loads no ES module at all.
 */
export function fastVersion(rootPackageJson: string, argv: readonly string[] = process.argv.slice(2)): boolean {
  if (argv.length !== 1 || argv[0] !== '--version') return false
  // oclif's DEBUG output, and oclif's platform name on WSL ("wsl"), are oclif's to give.
  if (process.env.DEBUG || !['linux', 'darwin'].includes(platform()) || looksLikeWsl()) return false
  if (userPluginsCouldHook()) return false
  const pjson = readJson(rootPackageJson) as {name?: unknown; version?: unknown} | undefined
  if (typeof pjson?.name !== 'string' || typeof pjson.version !== 'string') return false
  const cpu = arch() === 'ia32' ? 'x86' : arch()
  process.stdout.write(`${pjson.name}/${pjson.version} ${platform()}-${cpu} node-${process.version}\n`)
  return true
}

// The hooks oclif runs around `--version`.
const VERSION_HOOKS = ['init', 'finally']

/**
 * Whether a user-installed or linked plugin could act around `--version`:
 * one that declares an init or finally hook, brings plugins of its own, or
 * cannot be read. The list is in oclif's data dir (BOTTLE_DATA_DIR, else
 * XDG_DATA_HOME/bottle, else ~/.local/share/bottle); reading a package.json
 * per plugin keeps the fast path with many plugins.
 */
function userPluginsCouldHook(): boolean {
  const home = process.env.HOME || homedir()
  const dataDir = process.env.BOTTLE_DATA_DIR || join(process.env.XDG_DATA_HOME || join(home, '.local/share'), 'bottle')
  const list = readJson(join(dataDir, 'package.json'))
  if (list === 'absent') return false
  const plugins = (list as {oclif?: {plugins?: unknown}} | undefined)?.oclif?.plugins ?? []
  if (!Array.isArray(plugins)) return true
  return plugins.some((entry: {type?: unknown; name?: unknown; root?: unknown}) => {
    // oclif loads only the entries of these two types from this list.
    if (entry?.type !== 'user' && entry?.type !== 'link') return false
    const root = entry.type === 'link' ? entry.root : typeof entry.name === 'string' ? join(dataDir, 'node_modules', entry.name) : undefined
    if (typeof root !== 'string') return true
    const pjson = readJson(join(root, 'package.json'))
    if (pjson === 'absent' || pjson === undefined) return true
    const oclif = (pjson as {oclif?: {hooks?: unknown; plugins?: unknown}}).oclif ?? {}
    const hooks = Object.keys(oclif.hooks ?? {})
    return hooks.some((hook) => VERSION_HOOKS.includes(hook)) || (Array.isArray(oclif.plugins) && oclif.plugins.length > 0)
  })
}

/** A JSON file's content; 'absent' when there is no file, undefined when it cannot be read or parsed. */
function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : undefined
  }
}

function looksLikeWsl(): boolean {
  if (platform() !== 'linux') return false
  if (release().toLowerCase().includes('microsoft') || existsSync('/run/WSL')) return true
  try {
    return readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft')
  } catch {
    return false
  }
}
