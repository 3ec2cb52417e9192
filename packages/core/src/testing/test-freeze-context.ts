import {BottleError, ErrorCode} from '../contract/errors.js'
import type {FreezeContext, Freezer} from '../contract/freezer.js'
import {runTool} from '../exec/run-tool.js'

/** How the scripted user answers a confirmation: yes, no, or not at all (no terminal and no --yes). */
export type Answer = 'yes' | 'no' | 'no-terminal'

export interface TestContextInput {
  readonly slug: string
  /** The bottle's state folder (a temp folder in tests). */
  readonly stateDir: string
  /** Extra environment for the tools: the PATH of your tool's double, its state folder. */
  readonly env?: Record<string, string>
  /** `backends.<name>` as a user would write it; validated by your optionsSchema. */
  readonly options?: Record<string, unknown>
  readonly answer?: Answer
  readonly signal?: AbortSignal
  readonly prefix?: string
}

export interface TestFreezeRun<Options> {
  readonly ctx: FreezeContext<Options>
  /** The questions the freezer asked. */
  readonly asked: string[]
  readonly warnings: string[]
  /** Every tool command line the freezer ran. */
  readonly commands: string[]
}

/**
 * A FreezeContext built the way the host builds one, for calling a freezer in
 * a test: options through the freezer's own schema, tools run as real
 * processes (point `env.PATH` at a double of your tool), the user's answer scripted.
 */
export async function testFreezeContext<Options>(freezer: Freezer<Options>, input: TestContextInput): Promise<TestFreezeRun<Options>> {
  let options = (input.options ?? {}) as Options
  if (freezer.optionsSchema) {
    const validated = await freezer.optionsSchema['~standard'].validate(input.options ?? {})
    if (validated.issues) throw new Error(`invalid options: ${validated.issues[0]?.message}`)
    options = validated.value
  }

  const asked: string[] = []
  const warnings: string[] = []
  const commands: string[] = []
  const signal = input.signal ?? new AbortController().signal
  const ctx: FreezeContext<Options> = {
    slug: input.slug,
    bottleName: `${input.prefix ?? 'bot-bottle-'}${input.slug}`,
    agent: {slug: input.slug, agentName: 'test-agent', startedAt: '2026-01-01T00:00:00.000Z', backend: 'test'},
    options,
    stateDir: input.stateDir,
    signal,
    exec: (file, args, execOptions) =>
      runTool(file, args, {
        ...execOptions,
        env: {...input.env, ...execOptions?.env},
        signal,
        trace: (line) => commands.push(line),
      }),
    async confirm(question) {
      asked.push(question)
      if (input.answer === 'no-terminal') {
        throw new BottleError(ErrorCode.ConfirmationRequired, `${question}: no terminal to ask on; re-run with --yes to agree`)
      }

      return input.answer === 'yes'
    },
    warn: (message) => warnings.push(message),
    info() {},
  }
  return {ctx, asked, warnings, commands}
}
