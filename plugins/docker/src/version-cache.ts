import type {ExecResult, FreezeContext} from '@bottle/core/plugin'
import {createHash} from 'node:crypto'
import {constants, mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {access, readFile, realpath, stat} from 'node:fs/promises'
import {delimiter, isAbsolute, join, resolve} from 'node:path'

/**
 * `<binary> --version`, kept in the backend's cache per version of the
 * binary's file (path, size, time, inode): every command needs to know
 * which engine the client is, and asking costs a process start (and execa's
 * load) on commands that else talk only to the Engine API. A binary that
 * cannot be found, a failed answer, or a host without a cache: asked every
 * time, as before.
 */
export async function versionOf(ctx: Pick<FreezeContext, 'cacheDir' | 'exec' | 'toolEnv'>, binary: string, later = onSuccessfulExit): Promise<ExecResult> {
  const ask = () => ctx.exec(binary, ['--version'])
  const {cacheDir} = ctx
  const cached = cacheDir ? await cacheFile(cacheDir, binary, ctx.toolEnv?.PATH ?? process.env.PATH ?? '').catch(() => undefined) : undefined
  if (!cacheDir || !cached) return ask()
  const stdout = await readFile(cached, 'utf8')
    .then((text) => (JSON.parse(text) as {stdout?: unknown}).stdout)
    .catch(() => undefined)
  if (typeof stdout === 'string') return {exitCode: 0, stdout, stderr: ''}

  const answer = await ask()
  if (answer.exitCode === 0) later(() => keep(cacheDir, cached, {binary, stdout: answer.stdout}))
  return answer
}

/** Only after a run that succeeded: a failed one (bad input, say) leaves the disk as it found it. */
function onSuccessfulExit(write: () => void): void {
  process.once('exit', (code) => code === 0 && write())
}

/** Written aside, then renamed: a reader never sees half a file. Synchronous, as the process is exiting; a cache that cannot be written costs the next run a process start. */
function keep(cacheDir: string, cached: string, entry: {binary: string; stdout: string}): void {
  const temp = `${cached}.${process.pid}.tmp`
  try {
    mkdirSync(cacheDir, {recursive: true})
    writeFileSync(temp, JSON.stringify(entry))
    renameSync(temp, cached)
  } catch {
    rmSync(temp, {force: true})
  }
}

/** Where the answer of this version of the binary's file is kept; undefined when the binary is not found. */
async function cacheFile(cacheDir: string, binary: string, path: string): Promise<string | undefined> {
  const file = await locate(binary, path)
  if (!file) return undefined
  const {size, mtimeMs, ino} = await stat(file)
  return join(cacheDir, `version-${createHash('sha256').update([file, size, mtimeMs, ino].join('\n')).digest('hex').slice(0, 16)}.json`)
}

/** The file `binary` runs, as the shell would find it (a name on PATH, or a path), links followed. */
async function locate(binary: string, path: string): Promise<string | undefined> {
  const candidates = binary.includes('/')
    ? [resolve(binary)]
    : path
        .split(delimiter)
        .filter(isAbsolute)
        .map((dir) => join(dir, binary))
  for (const candidate of candidates) {
    const found = await access(candidate, constants.X_OK).then(
      () => realpath(candidate),
      () => undefined,
    )
    if (found && (await stat(found)).isFile()) return found
  }

  return undefined
}
