import {randomBytes} from 'node:crypto'
import {unlinkSync} from 'node:fs'
import {link, mkdir, open, readFile, rmdir, unlink} from 'node:fs/promises'
import {hostname} from 'node:os'
import {dirname, join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {BottleError, ErrorCode} from '../contract/errors.js'
import {stateError} from './bottle-state.js'
import {isProcessAlive} from './process-alive.js'

/** Locks live beside the bottles' folders, so that a failed commit leaves no folder of its own behind. */
export const LOCK_DIR = '.locks'
const POLL_MS = 100

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
  /** Told when a lock left by a process that is gone was taken over. */
  readonly onRecovered?: (holder: LockHolder) => void
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
  let createdRoot: string | undefined
  let waited = false
  for (;;) {
    if (options.signal?.aborted) throw new BottleError(ErrorCode.Interrupted, `interrupted while waiting for the lock on "${slug}"`)
    const attempt = await tryCreate(dir, path, me)
    createdRoot ??= attempt.created
    if (attempt.taken) break
    const holder = await readHolder(path)
    if (!holder) continue
    if (isStale(holder)) {
      if (await breakStale(path, holder)) options.onRecovered?.(holder)
      continue
    }

    if (!options.wait) {
      throw new BottleError(
        ErrorCode.Busy,
        `bottle "${slug}" is busy: another bottle process (pid ${holder.pid} on ${holder.host}, since ${holder.since}) is committing it; wait for it to finish, or re-run with --wait`,
      )
    }

    if (!waited) options.onWait?.(holder)
    waited = true
    await sleep(POLL_MS)
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
    const holder = await readHolder(path).catch(() => undefined)
    if (holder?.token === me.token) await unlink(path).catch(() => {})
    // Leave the state root as it was found when nothing else was written; another lock or a bottle keeps them.
    await rmdir(dir).catch(() => {})
    for (let folder = stateRoot; createdRoot && folder.startsWith(createdRoot); folder = dirname(folder)) {
      if (!(await rmdir(folder).then(() => true, () => false))) break
    }
  }

  return {path, release, [Symbol.asyncDispose]: release}
}

/**
 * Makes the lock folder and tries to create the lock in it; says which folder
 * it had to create, if any. Not taken when another holds the lock, and also
 * when the folder vanished part-way: a holder releasing the last lock removes
 * it (and a state root it made) at any moment, so the caller looks again.
 */
async function tryCreate(dir: string, path: string, me: LockHolder): Promise<{taken: boolean; created?: string}> {
  let created: string | undefined
  try {
    created = await mkdir(dir, {recursive: true})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {taken: false}
    throw stateError('write', dir, error)
  }

  const temp = `${path}.${process.pid}.${me.token}.tmp`
  try {
    const handle = await open(temp, 'wx', 0o644)
    try {
      await handle.writeFile(`${JSON.stringify(me)}\n`)
    } finally {
      await handle.close()
    }

    await link(temp, path)
    return {taken: true, created}
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST' || code === 'ENOENT') return {taken: false, created}
    throw stateError('write', path, error)
  } finally {
    await unlink(temp).catch(() => {})
  }
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw stateError('read', path, error)
  }

  try {
    const holder = JSON.parse(text) as LockHolder
    if (Number.isInteger(holder.pid) && typeof holder.host === 'string' && typeof holder.token === 'string') return holder
  } catch {}

  throw new BottleError(ErrorCode.StateError, `${path} is not a lock bottle wrote; if no bottle command is running, remove it`)
}

/** Only a holder on this machine can be known to be gone; a lock from another host is never taken over. */
function isStale(holder: LockHolder): boolean {
  return holder.host === hostname() && !isProcessAlive(holder.pid)
}

/**
 * Removes a stale lock, if it is still the one judged stale. Takers race for
 * `<lock>.break` so that one cannot remove a lock another has just taken.
 */
async function breakStale(path: string, stale: LockHolder): Promise<boolean> {
  const breaker = `${path}.break`
  try {
    const handle = await open(breaker, 'wx', 0o644)
    await handle.writeFile(`${process.pid}\n`)
    await handle.close()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // ENOENT: the folder vanished with the lock in it, so there is nothing left to break.
    if (code === 'ENOENT') return false
    if (code !== 'EEXIST') throw stateError('write', breaker, error)
    // The breaker is held for a few milliseconds; one left by a killed process is removed.
    const pid = Number.parseInt(await readFile(breaker, 'utf8').catch(() => ''), 10)
    if (Number.isInteger(pid) && !isProcessAlive(pid)) await unlink(breaker).catch(() => {})
    else await sleep(10)
    return false
  }

  try {
    const current = await readHolder(path)
    if (current?.token !== stale.token) return false
    await unlink(path)
    return true
  } finally {
    await unlink(breaker).catch(() => {})
  }
}
