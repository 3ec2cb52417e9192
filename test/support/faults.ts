import {execa} from 'execa'
import {mkdir, readdir, unlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {BOTTLE_BIN, type Sandbox} from './cli.js'

/** A small tmpfs at `dir` (root only): a disk that can be filled to the byte. Returns the unmount. */
export async function mountTmpfs(dir: string, size: string): Promise<() => Promise<void>> {
  await mkdir(dir, {recursive: true})
  await execa('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir])
  return async () => void (await execa('umount', ['-l', dir], {reject: false}))
}

/** Fills the file system of `dir` with 4 KiB files until it is full; returns their paths, so that a test can free pages one by one. */
export async function fillDisk(dir: string): Promise<string[]> {
  const fill = join(dir, '.fill')
  await mkdir(fill, {recursive: true})
  const files: string[] = []
  for (let i = 0; ; i++) {
    const file = join(fill, String(i))
    try {
      await writeFile(file, Buffer.alloc(4096, 1))
      files.push(file)
    } catch {
      await unlink(file).catch(() => {})
      return files
    }
  }
}

/** Makes `dir` immutable (chattr +i): nothing can be created, removed or renamed in it, even by root. Returns the undo. */
export async function makeImmutable(dir: string): Promise<() => Promise<void>> {
  await execa('chattr', ['+i', dir])
  return async () => void (await execa('chattr', ['-i', dir], {reject: false}))
}

/** Starts the built CLI as a process the test can signal. */
export function bottleProcess(box: Sandbox, args: readonly string[], options: {env?: Record<string, string>; cwd?: string} = {}) {
  return execa(process.execPath, [BOTTLE_BIN, ...args], {env: {...box.env, ...options.env}, cwd: options.cwd ?? box.dir, reject: false, timeout: 120_000})
}

/**
 * Runs `args` and sends `signal` at a random point of its work: a random
 * delay below `maxDelayMs` after its first progress line (bottle's handlers
 * are installed by then), which may also come after it is done.
 */
export async function interruptAtRandom(
  box: Sandbox,
  args: readonly string[],
  maxDelayMs: number,
  options: {env?: Record<string, string>; cwd?: string; signal?: NodeJS.Signals} = {},
) {
  const child = bottleProcess(box, args, options)
  // A quiet machine finishes before a late signal: callers give a first round a delay of 0 (maxDelayMs 1), which always lands mid-command.
  const delay = Math.floor(Math.random() * maxDelayMs)
  let timer: NodeJS.Timeout | undefined
  child.stderr?.once('data', () => {
    timer = setTimeout(() => child.kill(options.signal ?? 'SIGINT'), delay)
  })
  const run = await child
  clearTimeout(timer)
  // Killed by the signal's default action: the signal came after the first line, so only as node tore the
  // process down, its handlers gone and the work done; what counts is what the work left (checked by the caller).
  const code = run.exitCode ?? 0
  return {run, code, delay}
}

/** Every entry of a folder, or [] when it is not there. */
export async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [])).sort()
}
