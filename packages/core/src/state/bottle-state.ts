import {mkdir, readFile, rm, stat} from 'node:fs/promises'
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
    await this.guard(path, () => writeFileAtomic(path, JSON.stringify(record, null, 2) + '\n'))
  }

  /** Marks the bottle preserved, so teardown keeps its state and artifacts. */
  async markPreserved(at: Date): Promise<void> {
    const path = join(this.dir, PRESERVED_FILE)
    await this.guard(path, () => writeFileAtomic(path, at.toISOString() + '\n'))
  }

  /** Writes metadata.json whole (launch, import, resume). */
  async writeMetadata(metadata: Metadata): Promise<void> {
    const path = join(this.dir, METADATA_FILE)
    await this.guard(path, () => writeFileAtomic(path, JSON.stringify(metadata, null, 2) + '\n'))
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
    await this.guard(path, () => writeFileAtomic(path, JSON.stringify(history, null, 2) + '\n'))
  }

  /** Rewrites the history after snapshots were removed; committed.json keeps naming the newest (or goes with the last). */
  async replaceHistory(history: readonly Snapshot[]): Promise<void> {
    await this.writeHistory(history)
    const newest = history.at(-1)
    if (newest) await this.recordCommit({artifact: newest.artifact, backend: newest.backend, committedAt: newest.committedAt})
    else await this.guard(join(this.dir, COMMIT_FILE), () => rm(join(this.dir, COMMIT_FILE), {force: true}))
  }

  /** Appends a snapshot to the history and records it as the last commit, which resume uses. */
  async recordSnapshot(snapshot: Snapshot): Promise<void> {
    await this.writeHistory([...(await this.readHistory()), snapshot])
    await this.recordCommit({artifact: snapshot.artifact, backend: snapshot.backend, committedAt: snapshot.committedAt})
  }

  /** Whether the folder holds any state at all. */
  async exists(): Promise<boolean> {
    return stat(this.dir).then(
      (s) => s.isDirectory(),
      () => false,
    )
  }

  /** Removes the state folder and everything in it. */
  async remove(): Promise<void> {
    await this.guard(this.dir, () => rm(this.dir, {recursive: true, force: true}))
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
      throw new BottleError(
        ErrorCode.StateError,
        `${path} is malformed (${where}${issue?.message ?? 'invalid'}); fix or remove it (it was left untouched)`,
      )
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

export function stateError(verb: 'read' | 'write', path: string, error: unknown): BottleError {
  const code = (error as NodeJS.ErrnoException).code
  const reason: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
    ENOTDIR: 'a parent is not a folder',
  }
  return new BottleError(
    ErrorCode.StateError,
    `cannot ${verb} bottle state at ${path}: ${(code && reason[code]) ?? (error as Error).message}`,
    {cause: error},
  )
}
