/** One entry of the engine's changes list (`GET /containers/{id}/changes`, `docker diff`). */
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
 * commit leaves out. `patterns` are the secret rules' files: `~/` means every
 * home folder (`/root`, `/home/*`, and `homes`, such as the bottle's $HOME);
 * `*` matches within one name. Sorted, once each.
 */
export function credentialFilesIn(changes: readonly FileChange[], patterns: readonly string[], homes: readonly string[] = []): string[] {
  const roots = ['/root', '/home/*', ...homes.filter((home) => home.startsWith('/'))].map((home) => home.replace(/\/+$/, ''))
  const absolute = patterns.flatMap((pattern) => (pattern.startsWith('~/') ? roots.map((root) => `${root}/${pattern.slice(2)}`) : [pattern]))
  const regexp = new RegExp(`^(?:${absolute.map(globToRegExp).join('|')})$`)
  const found = changes.filter((change) => change.Kind !== DELETED && regexp.test(change.Path)).map((change) => change.Path)
  return [...new Set(found)].sort()
}

function globToRegExp(glob: string): string {
  return glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*')
}
