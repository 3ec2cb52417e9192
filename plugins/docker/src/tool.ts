import {BottleError, ErrorCode, type ExecResult, type FreezeContext, type Tool, ToolFailed, bindTool} from '@bottle/core/plugin'

import {type Engine, detectEngine} from './engine.js'
import {versionOf} from './version-cache.js'

/** The docker CLI as configured for this bottle, and the engine it turned out to be. */
export interface Docker extends Tool {
  engine(): Promise<Engine>
}

/** The configured binary, with the configured context (or podman connection) before every verb. */
export function dockerCli(ctx: FreezeContext<{binary: string; context?: string}>): Docker {
  const {binary, context} = ctx.options
  const engine = () => detectEngine(binary, () => versionOf(ctx, binary))
  // Which flag names the context depends on the engine that answers, asked once per binary before the first verb.
  const exec: FreezeContext<unknown>['exec'] = async (file, args, options) => ctx.exec(file, [...(await engine()).target(context), ...args], options)
  const tool = bindTool({bottleName: ctx.bottleName, exec}, {binary, messageOf: toolMessage, notFound: NO_SUCH_CONTAINER, noun: 'container', failureOf: engineFailure(binary)})
  return {...tool, engine}
}

/** Every engine's words for a container that is not there (podman: "no such container"; `inspect` without `--type`: "object"). */
export const NO_SUCH_CONTAINER = /No such (container|object)/i

/** Every engine's words for an image that is not there. */
export const NO_SUCH_IMAGE = /No such image|image not known/i

/** Every engine's words for an engine the client cannot reach (podman's only when remote: local podman has no daemon). */
export const ENGINE_UNREACHABLE = /Cannot connect to the Docker daemon|Cannot connect to Podman|unable to connect to Podman|error during connect|connection refused/i

/** The failures that are not about the verb: an engine out of reach, a reference the engine refuses to read. */
const engineFailure = (binary: string) => (verb: string, message: string) => {
  if (ENGINE_UNREACHABLE.test(message)) return new ToolFailed(`cannot reach the container engine: ${message}`)
  if (/invalid reference format/i.test(message)) return new BottleError(ErrorCode.BadInput, `${binary} ${verb}: ${message}`)
  return undefined
}

/** The tool's own words: its error line (docker run follows it with a usage line), else its last line. */
function toolMessage(result: ExecResult): string {
  const lines = (result.stderr || result.stdout)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  return lines.find((line) => /^(docker: )?Error/i.test(line)) ?? lines.at(-1) ?? `exit code ${result.exitCode}`
}
