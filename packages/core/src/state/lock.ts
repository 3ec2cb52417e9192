import {randomBytes} from 'node:crypto'
import {unlinkSync} from 'node:fs'
import {link, mkdir, open, readFile, rmdir, stat, unlink} from 'node:fs/promises'
import {hostname} from 'node:os'
import {dirname, join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {BottleError, ErrorCode} from '../contract/errors.js'
import {stateError} from './bottle-state.js'
import {isProcessAlive} from './process-alive.js'
import {removeStaleTempFiles} from './stale-temp-files.js'

/** Locks live beside the bottles' folders, so that a failed commit leaves no folder of its own behind. */
export const LOCK_DIR = '.locks'
const POLL_MS = 100
/** A breaker is held for a few milliseconds: one this old was left by a process that died holding it. */
const BREAKER_STALE_MS = 5000

/** What a lock file holds: who holds it, so that a lock left by a killed process can be told from a live one. */
export interface LockHolder {
  readonly pid: number
  readonly host: string
  readonly token: string
  readonly since: string
}

export interface LockOptions {
  /** Wait for the holder to finish instead of failing with BOTTLE_BUSY. */
  readonly wait?: boolean
  /** Stops the wait (BOTTLE_INTERRUPTED). */
  readonly signal?: AbortSignal
  /** Told once, when the wait starts. */
  readonly onWait?: (holder: LockHolder) => void
  /** Told when a lock left by a process that is gone (or a lock file no bottle wrote whole) was taken over. */
  readonly onRecovered?: (holder: LockHolder | null) => void
  /** What the holder is doing, for the busy message: "committing" unless said. */
  readonly doing?: string
}

/** A held lock; `await using` releases it on every way out of the scope. */
export interface BottleLock extends AsyncDisposable {
  readonly path: string
  release(): Promise<void>
}

/**
 * Takes the per-bottle lock `<state root>/.locks/<slug>.lock`. The file
 * appears whole or not at all (written aside, then hard-linked, which fails
 * if it exists), so two processes can never both hold it.
 */
export async function lockBottle(stateRoot: string, slug: string, options: LockOptions = {}): Promise<BottleLock> {
  const dir = join(stateRoot, LOCK_DIR)
  const path = join(dir, `${slug}.lock`)
  const me: LockHolder = {pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), since: new Date().toISOString()}
  // The topmost folder a try created, if any: the state root may vanish and be made again while waiting.
  let createdRoot: string | undefined
  let swept = false
  let waited = false
  // Leaves the state root as it was found when nothing else was written; another lock or a bottle keeps them.
  const tidy = async () => {
    await rmdir(dir).catch(() => {})
    for (let folder = stateRoot; createdRoot && folder.startsWith(createdRoot); folder = dirname(folder)) {
      if (
        !(await rmdir(folder).then(
          () => true,
          () => false,
        ))
      )
        break
    }
  }

  try {
    for (;;) {
      if (options.signal?.aborted) throw new BottleError(ErrorCode.Interrupted, `interrupted while waiting for the lock on "${slug}"`)
      // Made again on every try: a holder releasing its lock removes the folder when it is empty.
      const made = await makeFolder(dir)
      if (made === false) continue
      createdRoot ??= made
      if (!swept) {
        swept = true
        // Temp files of a process killed while taking a lock or a breaker: otherwise the folder never empties.
        await removeStaleTempFiles(dir)
      }

      const taken = await tryCreate(path, me)
      if (taken) break
      const found = await readLock(path)
      if (!found) continue
      const {holder} = found
      if (!holder || isStale(holder)) {
        if (await breakStale(path, found.raw)) options.onRecovered?.(holder)
        continue
      }

      if (!options.wait) {
        throw new BottleError(
          ErrorCode.Busy,
          `bottle "${slug}" is busy: another bottle process (pid ${holder.pid} on ${holder.host}, since ${holder.since}) is ${options.doing ?? 'committing'} it; wait for it to finish, or re-run with --wait`,
        )
      }

      if (!waited) options.onWait?.(holder)
      waited = true
      await sleep(POLL_MS)
    }
  } catch (error) {
    await tidy()
    throw error
  }

  // A process that exits without unwinding (process.exit) still frees the bottle.
  const onExit = () => {
    try {
      unlinkSync(path)
    } catch {}
  }

  process.once('exit', onExit)
  let released = false
  const release = async () => {
    if (released) return
    released = true
    process.off('exit', onExit)
    const found = await readLock(path).catch(() => undefined)
    if (found?.holder?.token === me.token) await unlink(path).catch(() => {})
    await tidy()
  }

  return {path, release, [Symbol.asyncDispose]: release}
}

/** Creates `path` holding `content`, whole or not at all: written aside, then hard-linked, which fails if it exists. */
async function createWhole(path: string, content: string, token: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${token}.tmp`
  try {
    const handle = await open(temp, 'wx', 0o644)
    try {
      await handle.writeFile(content)
    } finally {
      await handle.close()
    }

    await link(temp, path)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // ENOENT: the lock folder was removed by a process releasing its own lock; make it again.
    if (code === 'EEXIST' || code === 'ENOENT') return false
    throw stateError('write', path, error)
  } finally {
    await unlink(temp).catch(() => {})
  }
}

function tryCreate(path: string, me: LockHolder): Promise<boolean> {
  return createWhole(path, `${JSON.stringify(me)}\n`, me.token)
}

/** The lock file's text and its holder; a holder of null is a file no bottle wrote whole (empty, garbage): nobody holds it. */
async function readLock(path: string): Promise<{raw: string; holder: LockHolder | null} | undefined> {
  let raw: string
  try {
    raw = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw stateError('read', path, error)
  }

  try {
    const holder = JSON.parse(raw) as LockHolder
    if (Number.isInteger(holder.pid) && typeof holder.host === 'string' && typeof holder.token === 'string') return {raw, holder}
  } catch {}

  return {raw, holder: null}
}

/** Only a holder on this machine can be known to be gone; a lock from another host is never taken over. */
function isStale(holder: LockHolder): boolean {
  return holder.host === hostname() && !isProcessAlive(holder.pid)
}

/**
 * Removes a stale lock, if it still reads as it did when judged stale. Takers
 * race for `<lock>.break` (made whole, like the lock) so that one cannot
 * remove a lock another has just taken. A breaker that is empty, garbage,
 * left by a dead process or older than a breaker can be is removed, so it
 * never blocks for good.
 */
async function breakStale(path: string, staleText: string): Promise<boolean> {
  const breaker = `${path}.break`
  if (!(await createWhole(breaker, `${process.pid}\n`, randomBytes(8).toString('hex')))) {
    const [text, age] = await Promise.all([
      readFile(breaker, 'utf8').catch(() => ''),
      stat(breaker).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      ),
    ])
    const pid = /^\d+\n$/.test(text) ? Number.parseInt(text, 10) : Number.NaN
    if (!Number.isInteger(pid) || !isProcessAlive(pid) || age > BREAKER_STALE_MS) await unlink(breaker).catch(() => {})
    else await sleep(10)
    return false
  }

  try {
    const current = await readLock(path)
    if (current?.raw !== staleText) return false
    await unlink(path)
    return true
  } finally {
    await unlink(breaker).catch(() => {})
  }
}

/**
 * Makes the lock folder; says which folder it had to create, if any, or false
 * when the folder vanished part-way: a holder releasing the last lock removes
 * it (and a state root it made) at any moment, so the caller looks again.
 */
async function makeFolder(dir: string): Promise<string | undefined | false> {
  try {
    return await mkdir(dir, {recursive: true})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw stateError('write', dir, error)
  }
}
