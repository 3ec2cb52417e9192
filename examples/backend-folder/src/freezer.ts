import {rm} from 'node:fs/promises'
import {basename, join} from 'node:path'

import {BottleNotFound, artifactTimestamp, defineFreezer} from '@bottle/core/plugin'

import {type Options, bottleFolder, isFolder, optionsSchema, tar} from './options.js'

export default defineFreezer<Options>({
  apiVersion: 1,
  optionsSchema,

  async freeze(ctx) {
    const folder = bottleFolder(ctx)
    if (!(await isFolder(folder))) throw new BottleNotFound(`no bottle folder ${folder}`)

    // The bottle's own state folder keeps the snapshots, one per commit.
    const artifact = join(ctx.stateDir, `snapshot-${artifactTimestamp(new Date())}.tar.gz`)
    ctx.info(`archiving ${folder}`)
    try {
      await tar(ctx).runOrFail('archive', ['-czf', artifact, '-C', folder, '.'])
    } catch (error) {
      // Failed or interrupted (ctx.exec throws BOTTLE_INTERRUPTED): a half-written archive is no snapshot.
      await rm(artifact, {force: true})
      throw error
    }

    return artifact
  },

  exportHint({artifact, bottleName, options}) {
    const folder = join(options.root, bottleName)
    return [`scp ${artifact} other-host:`, `mkdir -p ${folder} && tar -xzf ${basename(artifact)} -C ${folder}`]
  },
})
