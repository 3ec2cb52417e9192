import type {ExecOptions, ExecResult, FreezeContext} from '@bottle/core/plugin'

/** The docker CLI as configured for this bottle, one verb at a time. */
export type Docker = (args: readonly string[], options?: ExecOptions) => Promise<ExecResult>

/** The configured binary, with the configured context before every verb. */
export function dockerCli(ctx: FreezeContext<{binary: string; context?: string}>): Docker {
  const global = ctx.options.context ? ['--context', ctx.options.context] : []
  return (args, options) => ctx.exec(ctx.options.binary, [...global, ...args], options)
}

/** The tool's own words: its error line (docker run follows it with a usage line), else its last line. */
export function toolMessage(result: ExecResult): string {
  const lines = (result.stderr || result.stdout).split('\n').map((line) => line.trim()).filter(Boolean)
  return lines.find((line) => /^(docker: )?Error/i.test(line)) ?? lines.at(-1) ?? `exit code ${result.exitCode}`
}
