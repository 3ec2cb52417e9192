import type {ExecResult, FreezeContext} from '@bottle/core/plugin'

/** Runs the configured `smolvm` binary. */
export function smolvm(ctx: FreezeContext<{binary: string}>, args: readonly string[]): Promise<ExecResult> {
  return ctx.exec(ctx.options.binary, args)
}

/** smolvm reports every error as one `Error: ...` line on stderr; progress lines around it are not the message. */
export function toolMessage(result: ExecResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  return lines.find((line) => line.startsWith('Error:')) ?? lines.at(-1) ?? `exit code ${result.exitCode}`
}
