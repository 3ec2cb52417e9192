import {BottleNotFound, ToolFailed} from './errors.js'
import type {ExecOptions, ExecResult, FreezeContext} from './freezer.js'
import type {StandardSchemaV1} from './standard-schema.js'

/** How a backend's tool is run and how its errors read; what differs from one tool to the next. */
export interface ToolSpec {
  /** The binary to run (usually the configured `options.binary`). */
  readonly binary: string
  /** Arguments before every verb (such as `--context NAME`). */
  readonly globalArgs?: readonly string[]
  /** The tool's own words in a failed run's output: its error line rather than a usage line. Default: the first `Error` line, else the last line. */
  readonly messageOf?: (result: ExecResult) => string
  /** Tells a message that means "no such bottle", so that a failure is reported as BOTTLE_NOT_FOUND. */
  readonly notFound?: RegExp
  /** What the tool calls a bottle, for "no <noun> named X". Default: `bottle`. */
  readonly noun?: string
  /** An error of the tool's own kind for a failed verb's message (an engine it cannot reach, a bad reference); undefined leaves it to the defaults. */
  readonly failureOf?: (verb: string, message: string) => Error | undefined
}

/** A backend's tool, bound to one operation's context. */
export interface Tool {
  /** Runs the tool; a non-zero exit is returned, not thrown. */
  run(args: readonly string[], options?: ExecOptions): Promise<ExecResult>
  /** Runs the tool and throws `failure(verb, result)` on a non-zero exit. */
  runOrFail(verb: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>
  /** A failed run as the error to throw: BottleNotFound or ToolFailed, carrying the tool's own words. */
  failure(verb: string, result: ExecResult): Error
  /** The tool's own words in a failed run (`spec.messageOf`), to tell one failure from another. */
  message(result: ExecResult): string
  /** Parses the tool's JSON output and checks it with `schema`; anything else is a ToolFailed naming the verb. */
  json<T>(verb: string, stdout: string, schema: StandardSchemaV1<unknown, T>): Promise<T>
}

/**
 * The run / fail / parse steps every backend needs, in one place, so that
 * each tool's errors reach the user the same way: `<binary> <verb> of
 * <bottle> failed: <the tool's own words>`.
 */
export function bindTool(ctx: Pick<FreezeContext<unknown>, 'bottleName' | 'exec'>, spec: ToolSpec): Tool {
  const messageOf = spec.messageOf ?? toolMessage
  const tool: Tool = {
    run: (args, options) => ctx.exec(spec.binary, [...(spec.globalArgs ?? []), ...args], options),
    async runOrFail(verb, args, options) {
      const result = await tool.run(args, options)
      if (result.exitCode !== 0) throw tool.failure(verb, result)
      return result
    },
    failure(verb, result) {
      const message = messageOf(result)
      const own = spec.failureOf?.(verb, message)
      if (own) return own
      if (spec.notFound?.test(message)) return new BottleNotFound(`no ${spec.noun ?? 'bottle'} named ${ctx.bottleName} (${spec.binary}: ${message})`)
      // A backend-wide call (version, ps) has no bottle name to give.
      return new ToolFailed(`${spec.binary} ${verb}${ctx.bottleName ? ` of ${ctx.bottleName}` : ''} failed: ${message}`)
    },
    message: messageOf,
    json: (verb, stdout, schema) => parseToolJson(`${spec.binary} ${verb}`, stdout, schema),
  }
  return tool
}

/** The tool's own words: its first `Error` line (a usage line may follow), else its last line. */
export function toolMessage(result: ExecResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  return lines.find((line) => /^(\S+: )?Error\b/i.test(line)) ?? lines.at(-1) ?? `exit code ${result.exitCode}`
}

/** Parses a tool's JSON output and checks its shape: `what` names the command in the error. */
export async function parseToolJson<T>(what: string, stdout: string, schema: StandardSchemaV1<unknown, T>): Promise<T> {
  let data: unknown
  try {
    data = JSON.parse(stdout)
  } catch {
    throw new ToolFailed(`${what} printed output that is not JSON: ${JSON.stringify(stdout.slice(0, 80))}`)
  }

  const result = await schema['~standard'].validate(data)
  if (!result.issues) return result.value
  const issue = result.issues[0]
  const path = (issue?.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment)).join('.')
  throw new ToolFailed(`${what} printed an unexpected JSON shape (${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'})`)
}
