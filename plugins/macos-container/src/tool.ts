import type {ExecResult, FreezeContext} from '@bottle/core/plugin'

/** Runs the configured `container` binary. */
export function container(ctx: FreezeContext<{binary: string}>, args: readonly string[]): Promise<ExecResult> {
  return ctx.exec(ctx.options.binary, args)
}

/** The tool's own words: its stderr (else stdout) on one line, so that a hint on a second line (start the system service) is kept. */
export function toolMessage(result: ExecResult): string {
  const text = (result.stderr.trim() || result.stdout.trim())
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ')
  return text || `exit code ${result.exitCode}`
}
