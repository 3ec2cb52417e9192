import {execa} from 'execa'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

/**
 * Packs `dir` (which holds the backend's `artifact/` folder) into `file` as
 * `bottle export` does, with the bottle.json of a snapshot `artifact` of
 * `slug` on `backend`: the way to craft an export by hand.
 */
export async function packExport(dir: string, file: string, {slug, backend, artifact}: {slug: string; backend: string; artifact: string}): Promise<string> {
  const manifest = {
    format: 'bottle-export',
    formatVersion: 1,
    slug,
    backend,
    metadata: {backend, agentName: 'x'},
    snapshot: {artifact, backend, committedAt: '2026-01-01T00:00:00.000Z', via: 'commit'},
    exportedAt: '2026-01-01T00:00:00.000Z',
  }
  await writeFile(join(dir, 'bottle.json'), JSON.stringify(manifest))
  await execa('tar', ['-czf', file, '-C', dir, 'bottle.json', 'artifact'])
  return file
}
