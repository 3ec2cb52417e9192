import {mkdir, readFile} from 'node:fs/promises'
import {dirname} from 'node:path'

import {writeFileAtomic} from '../state/atomic-write.js'

interface CheckRecord {
  readonly stamp: string
  readonly problem: string | null
}

/**
 * Remembers which backend modules were imported and checked, keyed by the
 * module file's version stamp, so that `bottle backends` imports each plugin
 * once rather than on every run: listing stays flat in the number of plugins.
 */
export class CheckCache {
  private dirty = false

  private constructor(
    private readonly file: string | undefined,
    private readonly records: Record<string, CheckRecord>,
  ) {}

  /** A cache backed by `file`; unreadable or absent files start empty. With no file, nothing is kept. */
  static async open(file?: string): Promise<CheckCache> {
    if (!file) return new CheckCache(undefined, {})
    const text = await readFile(file, 'utf8').catch(() => '{}')
    let records: Record<string, CheckRecord> = {}
    try {
      const parsed: unknown = JSON.parse(text)
      if (parsed && typeof parsed === 'object') records = parsed as Record<string, CheckRecord>
    } catch {
      // A damaged cache only costs a re-check.
    }

    return new CheckCache(file, records)
  }

  get(key: string, stamp: string): string | null | undefined {
    const record = this.records[key]
    return record?.stamp === stamp ? record.problem : undefined
  }

  set(key: string, stamp: string, problem: string | null): void {
    this.records[key] = {stamp, problem}
    this.dirty = true
  }

  /** Writes the cache if it changed; a cache that cannot be written is not an error. */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return
    await mkdir(dirname(this.file), {recursive: true})
      .then(() => writeFileAtomic(this.file!, JSON.stringify(this.records)))
      .catch(() => undefined)
  }
}
