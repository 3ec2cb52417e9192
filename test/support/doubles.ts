import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {CONTAINER_DOUBLE_DIR} from '../../plugins/macos-container/test/double/index.js'
import {SMOLVM_DOUBLE_DIR} from '../../plugins/smolmachines/test/double/index.js'

export * from '../../plugins/macos-container/test/double/index.js'
export * from '../../plugins/smolmachines/test/double/index.js'

/** PATH with the doubles of `container` and `smolvm` first, as the tests put them. */
export const PATH_WITH_DOUBLES = [CONTAINER_DOUBLE_DIR, SMOLVM_DOUBLE_DIR, process.env.PATH].join(':')

/** Writes `<stateRoot>/<slug>/metadata.json` as a launch does: the host picks the backend from it. */
export async function writeBottleMetadata(stateRoot: string, slug: string, backend: string): Promise<void> {
  await mkdir(join(stateRoot, slug), {recursive: true})
  await writeFile(join(stateRoot, slug, 'metadata.json'), JSON.stringify({backend, agentName: 'claude', startedAt: '2026-11-30T00:00:00.000Z'}, null, 2))
}
