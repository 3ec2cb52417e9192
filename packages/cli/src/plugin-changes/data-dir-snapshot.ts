import {readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/** The files npm and oclif rewrite in the plugins' data folder; each is put back byte for byte, or removed when it was not there. */
const RECORDS = ['package.json', 'package-lock.json', 'yarn.lock', join('node_modules', '.package-lock.json')]

/** What the plugins' data folder held before a change: its records and the packages and commands in node_modules. */
export interface DataDirSnapshot {
  readonly dir: string
  readonly records: ReadonlyMap<string, string | undefined>
  readonly entries: ReadonlySet<string>
}

export function snapshotDataDir(dir: string): DataDirSnapshot {
  return {dir, records: new Map(RECORDS.map((file) => [file, read(join(dir, file))])), entries: new Set(moduleEntries(dir))}
}

/**
 * Puts the data folder back as the snapshot found it: the records as they
 * were, and every package or command npm added removed, so that no half-made
 * plugin is left to load (or to run its code) on the next command.
 * Synchronous, as it runs in a signal handler that must finish before exit.
 */
export function restoreDataDir(snapshot: DataDirSnapshot): void {
  for (const entry of moduleEntries(snapshot.dir)) {
    if (!snapshot.entries.has(entry)) rmSync(join(snapshot.dir, 'node_modules', entry), {recursive: true, force: true})
  }

  for (const [file, content] of snapshot.records) {
    const path = join(snapshot.dir, file)
    if (content === undefined) rmSync(path, {force: true})
    else if (read(path) !== content) writeFileSync(path, content)
  }
}

/** Packages (`name`, `@scope/name`) and commands (`.bin/x`) in the folder's node_modules. */
function moduleEntries(dir: string): string[] {
  const modules = join(dir, 'node_modules')
  const top = list(modules)
  const nested = top.filter((name) => name.startsWith('@') || name === '.bin').flatMap((name) => list(join(modules, name)).map((inner) => join(name, inner)))
  return [...top.filter((name) => !name.startsWith('@') && !name.startsWith('.')), ...nested]
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return []
    throw error
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
