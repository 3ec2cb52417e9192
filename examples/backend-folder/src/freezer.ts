import {stat} from 'node:fs/promises'
import {homedir} from 'node:os'
import {join} from 'node:path'

import {BottleNotFound, ToolFailed, artifactTimestamp, defineFreezer} from '@bottle/core/plugin'
import {z} from 'zod'

const Options = z.strictObject({
  /** The folder that holds the bottles: the bottle of slug s is <root>/<prefix>s. */
  root: z.string().min(1).default(join(homedir(), '.local', 'share', 'bottle-folders')),
  /** The tar to run (GNU or BSD tar); named `binary`, as program options are, so that only a trusted config sets it. */
  binary: z.string().min(1).default('tar'),
})
type Options = z.infer<typeof Options>

export default defineFreezer<Options>({
  apiVersion: 1,
  optionsSchema: Options,

  async freeze(ctx) {
    const folder = join(ctx.options.root, ctx.bottleName)
    const isFolder = await stat(folder).then((s) => s.isDirectory(), () => false)
    if (!isFolder) throw new BottleNotFound(`no bottle folder ${folder}`)

    // The bottle's own state folder keeps the snapshots, one per commit.
    const artifact = join(ctx.stateDir, `snapshot-${artifactTimestamp(new Date())}.tar.gz`)
    ctx.info(`archiving ${folder}`)
    const tar = await ctx.exec(ctx.options.binary, ['-czf', artifact, '-C', folder, '.'])
    if (tar.exitCode !== 0) throw new ToolFailed(`tar failed: ${tar.stderr.trim() || `exit code ${tar.exitCode}`}`)
    return artifact
  },

  exportHint({artifact, bottleName, options}) {
    return [`scp ${artifact} other-host:`, `mkdir -p ${join(options.root, bottleName)} && tar -xzf ${artifact.split('/').at(-1)} -C ${join(options.root, bottleName)}`]
  },
})
