import {copyFile, cp, mkdir, rm} from 'node:fs/promises'
import {basename, join} from 'node:path'

import {BottleError, ErrorCode, defineLifecycle} from '@bottle/core/plugin'

import {type Options, bottleFolder, isFolder, tar} from './options.js'

/**
 * Launch, status, remove, resume and move for folder bottles. A folder runs
 * nothing, so it is `stopped` while it exists and has no start or stop:
 * bottle reports those as unsupported.
 */
export default defineLifecycle<Options>({
  apiVersion: 1,

  status: async (ctx) => ((await isFolder(bottleFolder(ctx))) ? 'stopped' : 'missing'),

  /** `bottle launch --image <folder>` copies a folder; `bottle resume` unpacks a snapshot. */
  async launch(ctx, {source, fromArtifact, env, command}) {
    if (env.length > 0 || command.length > 0) ctx.warn('folder bottles run nothing: -e and the command are ignored')
    if (!fromArtifact && !(await isFolder(source))) {
      throw new BottleError(ErrorCode.BadInput, `--image must be a folder to copy for a folder bottle: ${source} is not one`)
    }

    const folder = bottleFolder(ctx)
    await mkdir(ctx.options.root, {recursive: true})
    // Without `recursive`, mkdir fails on a folder that exists: a launch never takes one over.
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EEXIST' ? new BottleError(ErrorCode.BadInput, `${folder} already exists`) : error
    })
    // A failure from here on leaves a folder: bottle calls remove() to clean it up.
    if (fromArtifact) await tar(ctx).runOrFail('extract', ['-xzf', source, '-C', folder])
    else await cp(source, folder, {recursive: true})
  },

  // force: removing a bottle that is already gone is not an error.
  remove: (ctx) => rm(bottleFolder(ctx), {recursive: true, force: true}),

  async exportArtifact(_ctx, artifact, dir) {
    await copyFile(artifact, join(dir, basename(artifact)))
  },

  /** `artifact` is the path on the host that exported it; the copy here goes to this bottle's state folder. */
  async importArtifact(ctx, artifact, dir) {
    const here = join(ctx.stateDir, basename(artifact))
    await copyFile(join(dir, basename(artifact)), here)
    return here
  },

  removeArtifact: (_ctx, artifact) => rm(artifact, {force: true}),

  async toolVersion(ctx) {
    const {stdout} = await tar(ctx).runOrFail('--version', ['--version'])
    return stdout.split('\n')[0]!.trim()
  },
})
