import type {ExecOptions, ExecResult, FreezeContext} from '@bottle/core/plugin'

import {type Engine, detectEngine} from './engine.js'

/** The docker CLI as configured for this bottle, one verb at a time, and the engine it turned out to be. */
export interface Docker {
  (args: readonly string[], options?: ExecOptions): Promise<ExecResult>
  engine(): Promise<Engine>
}

/** The configured binary, with the configured context (or podman connection) before every verb. */
export function dockerCli(ctx: FreezeContext<{binary: string; context?: string}>): Docker {
  const {binary, context} = ctx.options
  const engine = () => detectEngine(binary, () => ctx.exec(binary, ['--version']))
  const docker = async (args: readonly string[], options?: ExecOptions) => ctx.exec(binary, [...(await engine()).target(context), ...args], options)
  return Object.assign(docker, {engine})
}

/** Every engine's words for an image that is not there. */
export const NO_SUCH_IMAGE = /No such image|image not known/i

/** Every engine's words for an engine the client cannot reach (podman's only when remote: local podman has no daemon). */
export const ENGINE_UNREACHABLE = /Cannot connect to the Docker daemon|Cannot connect to Podman|unable to connect to Podman|error during connect|connection refused/i

/** The tool's own words: its error line (docker run follows it with a usage line), else its last line. */
export function toolMessage(result: ExecResult): string {
  const lines = (result.stderr || result.stdout)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  return lines.find((line) => /^(docker: )?Error/i.test(line)) ?? lines.at(-1) ?? `exit code ${result.exitCode}`
}
