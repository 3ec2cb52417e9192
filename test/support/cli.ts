import {execa, type Result} from 'execa'
import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
export const BOTTLE_BIN = join(REPO_ROOT, 'bin', 'run.js')

/** A sandbox of its own for one test: state, config, data and cache dirs in a temp folder. */
export interface Sandbox {
  readonly dir: string
  readonly stateDir: string
  readonly env: Record<string, string>
  /** Runs the built CLI as a separate process, as users and CI scripts do. */
  bottle(args: readonly string[], options?: {env?: Record<string, string>; cwd?: string; input?: string}): Promise<Result>
  cleanup(): Promise<void>
}

export async function makeSandbox(): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'bottle-test-'))
  const env = {
    BOTTLE_STATE_DIR: join(dir, 'state'),
    BOTTLE_CONFIG_DIR: join(dir, 'config'),
    BOTTLE_DATA_DIR: join(dir, 'data'),
    BOTTLE_CACHE_DIR: join(dir, 'cache'),
    XDG_CONFIG_HOME: join(dir, 'xdg-config'),
    XDG_STATE_HOME: join(dir, 'xdg-state'),
    XDG_DATA_HOME: join(dir, 'xdg-data'),
  }
  return {
    dir,
    stateDir: env.BOTTLE_STATE_DIR,
    env,
    bottle: (args, options = {}) =>
      execa(process.execPath, [BOTTLE_BIN, ...args], {
        reject: false,
        cwd: options.cwd ?? dir,
        env: {...env, ...options.env},
        input: options.input ?? '',
      }),
    cleanup: () => rm(dir, {recursive: true, force: true}),
  }
}

/**
 * A user config folder of its own holding `config`, for one command: program
 * options such as `backends.docker.binary` count only from the user config
 * (a project's .bottlerc cannot name a program to run).
 */
export async function userConfigWith(sandbox: Sandbox, config: unknown): Promise<{BOTTLE_CONFIG_DIR: string}> {
  const dir = await mkdtemp(join(sandbox.dir, 'user-config-'))
  await writeFile(join(dir, 'config.json'), JSON.stringify(config))
  return {BOTTLE_CONFIG_DIR: dir}
}

/** Puts `bottle` on PATH, as an install does: a script in `<sandbox>/bin` running the built CLI. Returns that PATH. */
export async function bottleOnPath(sandbox: Sandbox): Promise<string> {
  const bin = join(sandbox.dir, 'bin')
  await mkdir(bin, {recursive: true})
  await writeFile(join(bin, 'bottle'), `#!/bin/sh\nexec "${process.execPath}" "${BOTTLE_BIN}" "$@"\n`)
  await chmod(join(bin, 'bottle'), 0o755)
  return `${bin}:${process.env.PATH}`
}
