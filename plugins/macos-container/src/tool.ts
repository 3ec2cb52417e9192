import {type ExecResult, type FreezeContext, type Tool, bindTool} from '@bottle/core/plugin'

/** `container`'s words for a container that is not there (1.0 and later; before 1.0 inspect printed `[]`). */
export const CONTAINER_NOT_FOUND = /notFound: "container not found/

/** The configured `container` binary. */
export function container(ctx: FreezeContext<{binary: string}>): Tool {
  return bindTool(ctx, {binary: ctx.options.binary, messageOf: containerMessage, notFound: CONTAINER_NOT_FOUND, noun: 'container'})
}

/** Its stderr (else stdout) on one line, so that a hint on a second line (start the system service) is kept. */
function containerMessage(result: ExecResult): string {
  const text = (result.stderr.trim() || result.stdout.trim())
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ')
  return text || `exit code ${result.exitCode}`
}
