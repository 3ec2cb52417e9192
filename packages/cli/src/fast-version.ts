import {existsSync, readFileSync} from 'node:fs'
import {arch, homedir, platform, release} from 'node:os'
import {join} from 'node:path'

/**
 * Answers `bottle --version` without loading oclif, when the answer cannot
 * differ from oclif's: argv is exactly `--version`, and no user-installed or
 * linked plugin could run an `init` or `finally` hook around it (the shipped
 * plugins declare none: test/e2e/version.test.ts keeps it so). Prints what
 * oclif prints (its `config.userAgent`) and returns true; returns false
 * whenever oclif must decide.
 */
export function fastVersion(rootPackageJson: URL, argv: readonly string[] = process.argv.slice(2)): boolean {
  if (argv.length !== 1 || argv[0] !== '--version') return false
  // oclif's DEBUG output, and oclif's platform name on WSL ("wsl"), are oclif's to give.
  if (process.env.DEBUG || !['linux', 'darwin'].includes(platform()) || looksLikeWsl()) return false
  if (hasUserPlugins()) return false
  let pjson: {name?: unknown; version?: unknown}
  try {
    pjson = JSON.parse(readFileSync(rootPackageJson, 'utf8'))
  } catch {
    return false
  }

  if (typeof pjson.name !== 'string' || typeof pjson.version !== 'string') return false
  const cpu = arch() === 'ia32' ? 'x86' : arch()
  process.stdout.write(`${pjson.name}/${pjson.version} ${platform()}-${cpu} node-${process.version}\n`)
  return true
}

/** oclif's data dir (BOTTLE_DATA_DIR, else XDG_DATA_HOME/bottle, else ~/.local/share/bottle) lists the user and linked plugins. */
function hasUserPlugins(): boolean {
  const home = process.env.HOME || homedir()
  const dataDir = process.env.BOTTLE_DATA_DIR || join(process.env.XDG_DATA_HOME || join(home, '.local/share'), 'bottle')
  let text: string
  try {
    text = readFileSync(join(dataDir, 'package.json'), 'utf8')
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT'
  }

  try {
    const plugins = (JSON.parse(text) as {oclif?: {plugins?: unknown}}).oclif?.plugins
    return plugins !== undefined && (!Array.isArray(plugins) || plugins.length > 0)
  } catch {
    // oclif warns about a damaged file: let it.
    return true
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
