import {validateBackendOptions} from '../bottle/backend-options.js'
import {bottleContext} from '../bottle/context.js'
import {DEFAULT_PREFIX} from '../config/config-schema.js'
import {BottleError, ErrorCode} from '../contract/errors.js'
import type {FreezeContext, Freezer} from '../contract/freezer.js'
import {secretRules} from '../secrets/secret-rules.js'

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
  /** False as with `--no-scrub`. */
  readonly scrub?: boolean
}

export interface TestFreezeRun<Options> {
  readonly ctx: FreezeContext<Options>
  /** The questions the freezer asked. */
  readonly asked: string[]
  readonly warnings: string[]
  /** Every tool command line the freezer ran. */
  readonly commands: string[]
}

const BACKEND = 'test'

/**
 * A FreezeContext built by the host's own context builder, for calling a
 * freezer (or a lifecycle) in a test: options through the freezer's schema,
 * the built-in secret rules, tools run as real processes (point `env.PATH`
 * at a double of your tool), the user's answer scripted.
 */
export async function testFreezeContext<Options>(freezer: Freezer<Options>, input: TestContextInput): Promise<TestFreezeRun<Options>> {
  const config = {backends: {[BACKEND]: input.options ?? {}}, backendSources: {[BACKEND]: 'the test options'}}
  const options = await validateBackendOptions(freezer as Freezer, BACKEND, config)
  const asked: string[] = []
  const warnings: string[] = []
  const commands: string[] = []
  const ctx = bottleContext({
    slug: input.slug,
    bottleName: `${input.prefix ?? DEFAULT_PREFIX}${input.slug}`,
    backend: BACKEND,
    metadata: {backend: BACKEND, agentName: 'test-agent', startedAt: '2026-01-01T00:00:00.000Z'},
    options,
    stateDir: input.stateDir,
    secrets: secretRules({}, input.scrub ?? true),
    env: input.env,
    signal: input.signal ?? new AbortController().signal,
    warnings,
    io: {
      info() {},
      warn() {},
      trace: (line) => commands.push(line),
      async confirm(question) {
        asked.push(question)
        if (input.answer === 'no-terminal') {
          throw new BottleError(ErrorCode.ConfirmationRequired, `${question}: no terminal to ask on; re-run with --yes to agree`)
        }

        return input.answer === 'yes'
      },
    },
  })
  return {ctx: ctx as FreezeContext<Options>, asked, warnings, commands}
}
