import {readdir, unlink} from 'node:fs/promises'
import {join} from 'node:path'

import {isProcessAlive} from './process-alive.js'

// `<name>.<pid>.<hex>.tmp`, as writeFileAtomic and the lock name their temp files.
const TEMP = /\.(\d+)\.[0-9a-f]+\.tmp$/

/**
 * Removes the temp files in `dir` that a killed process left half-written.
 * A live process's temp files are its own business, even under our lock.
 */
export async function removeStaleTempFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [])
  for (const name of names) {
    const pid = TEMP.exec(name)?.[1]
    if (pid && !isProcessAlive(Number(pid))) await unlink(join(dir, name)).catch(() => {})
  }
}
