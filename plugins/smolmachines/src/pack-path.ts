import {access, mkdir} from 'node:fs/promises'
import {join} from 'node:path'

import {artifactTimestamp} from '@bottle/core/plugin'

/** The suffix smolvm gives the restorable payload it writes beside the stub `-o` names. */
export const PAYLOAD_SUFFIX = '.smolmachine'
/** The endings of a `machine checkpoint` file, by release (see checkpointSuffix). */
export const CHECKPOINT_SUFFIXES = ['.smolcheckpoint', '.checkpoint'] as const

/** A checkpoint is one file; a pack is the payload and its stub. */
export function isCheckpoint(artifact: string): boolean {
  return CHECKPOINT_SUFFIXES.some((suffix) => artifact.endsWith(suffix))
}

/** The files an artifact is made of: the stub and payload of a pack, or the one checkpoint file. */
export function artifactFiles(artifact: string): string[] {
  if (isCheckpoint(artifact) || !artifact.endsWith(PAYLOAD_SUFFIX)) return [artifact]
  return [artifact.slice(0, -PAYLOAD_SUFFIX.length), artifact]
}

/**
 * A new base path under `<stateDir>/packs/`, named by time, for a pack's
 * `-o` or (with a suffix) a checkpoint: every commit keeps its own, and an
 * earlier one is never written over.
 */
export async function newPackPath(stateDir: string, at: Date): Promise<string> {
  const dir = join(stateDir, 'packs')
  await mkdir(dir, {recursive: true})
  const base = join(dir, artifactTimestamp(at))
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`
    const taken = await Promise.all([candidate, candidate + PAYLOAD_SUFFIX, ...CHECKPOINT_SUFFIXES.map((suffix) => candidate + suffix)].map(exists))
    if (!taken.includes(true)) return candidate
  }
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
