import {credentialFileMatcher} from '@bottle/core/plugin'

/** One entry of the engine's changes list (`GET /containers/{id}/changes`, `docker diff`, `podman diff`). */
export interface FileChange {
  readonly Path: string
  /** 0 modified, 1 added, 2 deleted. */
  readonly Kind: number
}

const DELETED = 2

/**
 * The credential files a commit would carry, from the engine's list of what
 * the bottle wrote: it sees every file whatever user the bottle runs as and
 * whether it runs or not, and nothing of volumes and bind mounts, which a
 * commit leaves out. Deleted paths are not in the image. `patterns` are the
 * secret rules' files, matched by the one credentialFileMatcher (`~/` in any
 * home folder, `!` exclusions such as public keys). Sorted, once each.
 */
export function credentialFilesIn(changes: readonly FileChange[], patterns: readonly string[]): string[] {
  const isCredential = credentialFileMatcher(patterns)
  const found = changes.filter((change) => change.Kind !== DELETED && isCredential(change.Path)).map((change) => change.Path)
  return [...new Set(found)].sort()
}
