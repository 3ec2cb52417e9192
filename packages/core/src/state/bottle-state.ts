import {randomBytes} from 'node:crypto'
import {mkdir, open, readFile, readdir, rm, rmdir, stat, unlink} from 'node:fs/promises'
import {join} from 'node:path'
import {z} from 'zod'

import {BottleError, ErrorCode} from '../contract/errors.js'
import type {RunOptionKey} from '../contract/run-options.js'
import {writeFileAtomic} from './atomic-write.js'

/** metadata.json: written when a bottle is launched; every field optional for state from older tools. */
export const MetadataSchema = z.looseObject({
  backend: z.string().optional(),
  agentName: z.string().optional(),
  startedAt: z.string().optional(),
  /** The run options of the launch (`--volume`, ...), for resume to run the snapshot the same way. */
  run: z
    .object({
      volumes: z.array(z.string()).readonly().optional(),
      publish: z.array(z.string()).readonly().optional(),
      network: z.string().optional(),
      user: z.string().optional(),
      workdir: z.string().optional(),
      ulimits: z.array(z.string()).readonly().optional(),
      cpus: z.string().optional(),
      memory: z.string().optional(),
      labels: z.array(z.string()).readonly().optional(),
    } satisfies Record<RunOptionKey, z.ZodOptional>)
    .optional(),
})
export type Metadata = z.infer<typeof MetadataSchema>

/** committed.json: the artifact of the last commit. */
export const CommitRecordSchema = z.object({
  artifact: z.string().min(1),
  backend: z.string().min(1),
  committedAt: z.string(),
})
export type CommitRecord = z.infer<typeof CommitRecordSchema>

/**
 * One entry of history.json: every snapshot of the bottle, oldest first, the
 * newest being what resume uses. `via` says how it got here: committed on
 * this host, imported from an export file, or pushed to a registry.
 */
export const SnapshotSchema = CommitRecordSchema.extend({
  via: z.enum(['commit', 'import', 'push']).default('commit'),
  toolVersion: z.string().optional(),
  arch: z.string().optional(),
})
export type Snapshot = z.infer<typeof SnapshotSchema>

export const METADATA_FILE = 'metadata.json'
export const HISTORY_FILE = 'history.json'
export const COMMIT_FILE = 'committed.json'
export const PRESERVED_FILE = 'preserved'
/** Where a backend whose artifacts are files keeps them (smolmachines' packs); emptied by the backend's removeArtifact. */
export const ARTIFACTS_DIR = 'packs'
/** What bottle writes in a state folder: a folder holding none of them is not a bottle's, whatever its name. */
const OWN_FILES: readonly string[] = [METADATA_FILE, HISTORY_FILE, COMMIT_FILE, PRESERVED_FILE]
// writeFileAtomic's temp files of bottle's own files: `.<file>.<pid>.<hex>.tmp`.
const OWN_TEMP = new RegExp(`^\\.(${OWN_FILES.map((file) => file.replace('.', '\\.')).join('|')})\\.\\d+\\.[0-9a-f]+\\.tmp$`)

/** What is at a bottle's state path: nothing (or an empty folder), bottle's state, or a folder bottle did not make. */
export type StateKind = 'none' | 'bottle' | 'foreign'

/** One bottle's state folder: `<state root>/<slug>/`. */
export class BottleState {
  readonly dir: string

  constructor(
    readonly root: string,
    readonly slug: string,
  ) {
    this.dir = join(root, slug)
  }

  /** The metadata, or null when the bottle has none; a corrupt file is reported and left as it is. */
  async readMetadata(): Promise<Metadata | null> {
    return this.readJson(METADATA_FILE, MetadataSchema)
  }

  /** The last commit, or null when there has been none. */
  async readCommit(): Promise<CommitRecord | null> {
    return this.readJson(COMMIT_FILE, CommitRecordSchema)
  }

  async isPreserved(): Promise<boolean> {
    return stat(join(this.dir, PRESERVED_FILE)).then(
      () => true,
      () => false,
    )
  }

  /** Creates the state folder; the first write for a bottle that has no state yet. */
  async ensureDir(): Promise<void> {
    await this.guard(this.dir, () => mkdir(this.dir, {recursive: true}))
  }

  async recordCommit(record: CommitRecord): Promise<void> {
    const path = join(this.dir, COMMIT_FILE)
    await this.guard(path, () => writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`))
  }

  /** Marks the bottle preserved, so teardown keeps its state and artifacts. */
  async markPreserved(at: Date): Promise<void> {
    const path = join(this.dir, PRESERVED_FILE)
    await this.guard(path, () => writeFileAtomic(path, `${at.toISOString()}\n`))
  }

  /** Writes metadata.json whole (launch, import, resume). */
  async writeMetadata(metadata: Metadata): Promise<void> {
    const path = join(this.dir, METADATA_FILE)
    await this.guard(path, () => writeFileAtomic(path, `${JSON.stringify(metadata, null, 2)}\n`))
  }

  /** Every snapshot, oldest first; state from before the history holds only committed.json. */
  async readHistory(): Promise<Snapshot[]> {
    const history = await this.readJson(HISTORY_FILE, z.array(SnapshotSchema))
    if (history) return history
    const last = await this.readCommit()
    return last ? [{...last, via: 'commit'}] : []
  }

  async writeHistory(history: readonly Snapshot[]): Promise<void> {
    const path = join(this.dir, HISTORY_FILE)
    await this.guard(path, () => writeFileAtomic(path, `${JSON.stringify(history, null, 2)}\n`))
  }

  /** Rewrites the history after snapshots were removed; committed.json keeps naming the newest (or goes with the last). */
  async replaceHistory(history: readonly Snapshot[]): Promise<void> {
    await this.writeHistory(history)
    const newest = history.at(-1)
    if (newest) await this.recordCommit({artifact: newest.artifact, backend: newest.backend, committedAt: newest.committedAt})
    else await this.guard(join(this.dir, COMMIT_FILE), () => rm(join(this.dir, COMMIT_FILE), {force: true}))
  }

  /**
   * Appends a snapshot to the history, records it as the last commit (which
   * resume uses) and, with `preservedAt`, marks the bottle preserved: all or
   * nothing, what was written is put back when a later write fails.
   */
  async recordSnapshot(snapshot: Snapshot, preservedAt?: Date): Promise<void> {
    const history = await this.readHistory()
    const commit = await this.readCommit()
    const preserved = await this.isPreserved()
    try {
      await this.writeHistory([...history, snapshot])
      await this.recordCommit({artifact: snapshot.artifact, backend: snapshot.backend, committedAt: snapshot.committedAt})
      if (preservedAt) await this.markPreserved(preservedAt)
    } catch (error) {
      await this.restore(history, commit, preserved).catch(() => {})
      throw error
    }
  }

  private async restore(history: readonly Snapshot[], commit: CommitRecord | null, preserved: boolean): Promise<void> {
    const drop = (file: string) => unlink(join(this.dir, file)).catch(() => {})
    if (!preserved) await drop(PRESERVED_FILE)
    if (commit) await this.recordCommit(commit)
    else await drop(COMMIT_FILE)
    if (history.length > 0) await this.writeHistory(history)
    else await drop(HISTORY_FILE)
  }

  /**
   * Proves, before anything is made that would have to be recorded, that the
   * folder can take a record of `bytes` more than its history holds now: a
   * file of that size is written, flushed and removed. An immutable or
   * read-only folder, or a disk without room, fails here.
   */
  async proveWritable(bytes: number): Promise<void> {
    await this.ensureDir()
    const current = await stat(join(this.dir, HISTORY_FILE)).then(
      (s) => s.size,
      () => 0,
    )
    // Named like writeFileAtomic's temp files, so that one left by a killed process is cleaned up like them.
    const probe = join(this.dir, `.${HISTORY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
    await this.guard(this.dir, async () => {
      const handle = await open(probe, 'wx', 0o644)
      try {
        await handle.writeFile(Buffer.alloc(current + bytes, 0x20))
        await handle.sync()
      } finally {
        await handle.close()
        await unlink(probe).catch(() => {})
      }
    })
  }

  /** Whether the folder holds bottle's state: an empty folder does not, nor one without any file bottle writes. */
  async exists(): Promise<boolean> {
    return (await this.kind()) === 'bottle'
  }

  async kind(): Promise<StateKind> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return 'none'
      if (code === 'ENOTDIR') return 'foreign'
      throw stateError('read', this.dir, error)
    }

    if (names.length === 0) return 'none'
    return names.some((name) => OWN_FILES.includes(name)) ? 'bottle' : 'foreign'
  }

  /**
   * Fails unless the path is free or holds bottle's state: a folder bottle did
   * not make (a project under a misconfigured state root) is never written
   * into or removed.
   */
  async assertOwn(): Promise<void> {
    if ((await this.kind()) === 'foreign') throw notBottleState(this.dir)
  }

  /**
   * Removes the files bottle wrote, then the folder if that left it empty.
   * Anything else in it is left as it was and named; a folder that holds no
   * bottle file is refused, untouched.
   */
  async remove(): Promise<{left: string[]}> {
    const kind = await this.kind()
    if (kind === 'foreign') throw notBottleState(this.dir)
    if (kind === 'none') {
      await rmdir(this.dir).catch(() => {})
      return {left: []}
    }

    const names = await readdir(this.dir)
    // The metadata last: a folder that still has it is still listed as a bottle if a removal fails half-way.
    const own = names.filter((name) => OWN_TEMP.test(name) || (OWN_FILES.includes(name) && name !== METADATA_FILE))
    if (names.includes(METADATA_FILE)) own.push(METADATA_FILE)
    for (const name of own) await this.guard(join(this.dir, name), () => unlink(join(this.dir, name)))
    await rmdir(join(this.dir, ARTIFACTS_DIR)).catch(() => {})
    const left = await readdir(this.dir).catch(() => [])
    if (left.length === 0) await this.guard(this.dir, () => rmdir(this.dir))
    return {left}
  }

  private async readJson<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
    const path = join(this.dir, file)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw stateError('read', path, error)
    }

    let data: unknown
    try {
      data = JSON.parse(text)
    } catch {
      throw new BottleError(ErrorCode.StateError, `${path} is not valid JSON; fix or remove it (it was left untouched)`)
    }

    const parsed = schema.safeParse(data)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
      throw new BottleError(ErrorCode.StateError, `${path} is malformed (${where}${issue?.message ?? 'invalid'}); fix or remove it (it was left untouched)`)
    }

    return parsed.data
  }

  private async guard(path: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write()
    } catch (error) {
      throw stateError('write', path, error)
    }
  }
}

/** Refusal to touch a folder bottle did not make (exit 6, BOTTLE_STATE_ERROR). */
export function notBottleState(dir: string): BottleError {
  return new BottleError(
    ErrorCode.StateError,
    `${dir} is not a bottle's state folder (it holds none of ${OWN_FILES.join(', ')}); bottle leaves it untouched: check the state root (BOTTLE_STATE_DIR, stateDir) or pick another slug`,
  )
}

export function stateError(verb: 'read' | 'write', path: string, error: unknown): BottleError {
  return new BottleError(ErrorCode.StateError, `cannot ${verb} bottle state at ${path}: ${fileErrorReason(error)}`, {cause: error})
}

/** A file system error in the user's words: "permission denied" rather than EACCES. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  const reason: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
    ENOTDIR: 'a parent is not a folder',
  }
  return (code && reason[code]) ?? (error as Error).message
}
