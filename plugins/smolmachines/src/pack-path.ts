import {access, mkdir} from 'node:fs/promises'
import {join} from 'node:path'

import {artifactTimestamp} from '@bottle/core/plugin'

/** The suffix smolvm gives the restorable payload it writes beside the stub `-o` names. */
export const PAYLOAD_SUFFIX = '.smolmachine'

/**
 * A new `-o` path for `smolvm pack create` under `<stateDir>/packs/`, named
 * by time: every commit keeps its own pack, and an earlier one (stub or
 * payload) is never written over.
 */
export async function newPackPath(stateDir: string, at: Date): Promise<string> {
  const dir = join(stateDir, 'packs')
  await mkdir(dir, {recursive: true})
  const base = join(dir, artifactTimestamp(at))
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`
    if (!(await exists(candidate)) && !(await exists(candidate + PAYLOAD_SUFFIX))) return candidate
  }
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
