import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** The prefix of every temp folder the conformance suites make; none is left behind. */
export const SCRATCH_PREFIX = 'bottle-conformance-'

/**
 * Temp folders for one suite (state folders, export folders), each removed
 * by `cleanup`: register it with `afterAll` (or `afterEach`).
 */
export function scratchFolders(): {make(): Promise<string>; cleanup(): Promise<void>} {
  const made: string[] = []
  return {
    async make() {
      const dir = await mkdtemp(join(tmpdir(), SCRATCH_PREFIX))
      made.push(dir)
      return dir
    },
    async cleanup() {
      await Promise.all(made.splice(0).map((dir) => rm(dir, {recursive: true, force: true})))
    },
  }
}
