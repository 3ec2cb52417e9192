import {stat} from 'node:fs/promises'
import {homedir} from 'node:os'
import {join} from 'node:path'

import {type FreezeContext, bindTool} from '@bottle/core/plugin'
import {z} from 'zod'

/**
 * `backends.<name>` in the user's config. Every option has a default: bottle
 * validates `{}` when the user configured nothing, and the conformance suite
 * checks that this passes.
 */
export const optionsSchema = z.strictObject({
  /** The folder that holds the bottles: the bottle of slug s is <root>/<prefix>s. */
  root: z
    .string()
    .min(1)
    .default(join(homedir(), '.local', 'share', 'bottle-folders')),
  /** The tar to run (GNU or BSD tar); named `binary`, as program options are, so that only a trusted config sets it. */
  binary: z.string().min(1).default('tar'),
})
export type Options = z.infer<typeof optionsSchema>

/** The folder that is this bottle. */
export const bottleFolder = (ctx: FreezeContext<Options>): string => join(ctx.options.root, ctx.bottleName)

export const isFolder = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  )

/** tar, run through the context: its failures reach the user as `<tar> <verb> of <bottle> failed: <tar's words>`. */
export const tar = (ctx: FreezeContext<Options>) => bindTool(ctx, {binary: ctx.options.binary})
