import {type FreezeContext, type Tool, bindTool} from '@bottle/core/plugin'

/** smolvm's words for a machine that is not there (`Error: vm not found: NAME`). */
export const NOT_FOUND = /not found/i

/** The configured `smolvm` binary; it reports every error as one `Error: ...` line, which the default reader picks out of the progress lines. */
export function smolvm(ctx: FreezeContext<{binary: string}>): Tool {
  return bindTool(ctx, {binary: ctx.options.binary, notFound: NOT_FOUND, noun: 'machine'})
}
