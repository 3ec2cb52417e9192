import {execa} from 'execa'

import type {FreezeContext, Freezer} from '../../packages/core/src/contract/freezer.js'

/** How the scripted user answers a confirmation: yes, no, or not at all (no terminal, no --yes). */
export type Answer = 'yes' | 'no' | 'no-terminal'

export interface FreezeRun<Options> {
  readonly ctx: FreezeContext<Options>
  readonly asked: string[]
  readonly warnings: string[]
}

/**
 * A FreezeContext as the host builds it, for calling a plugin's real freezer
 * module in a unit test: options through the freezer's own schema, tools run
 * as processes with `env` (the doubles' PATH and state), the user's answer scripted.
 */
export async function freezeContext<Options>(
  freezer: Freezer<Options>,
  input: {slug: string; stateDir: string; env: Record<string, string>; options?: Record<string, unknown>; answer?: Answer},
): Promise<FreezeRun<Options>> {
  const validated = await freezer.optionsSchema!['~standard'].validate(input.options ?? {})
  if (validated.issues) throw new Error(`invalid options: ${validated.issues[0]?.message}`)
  const asked: string[] = []
  const warnings: string[] = []
  const ctx: FreezeContext<Options> = {
    slug: input.slug,
    bottleName: `bot-bottle-${input.slug}`,
    agent: {slug: input.slug, agentName: 'claude', startedAt: '', backend: 'test'},
    options: validated.value,
    stateDir: input.stateDir,
    signal: new AbortController().signal,
    async exec(file, args, options) {
      const result = await execa(file, args, {reject: false, env: {...input.env, ...options?.env}, input: options?.input, stripFinalNewline: true})
      return {exitCode: result.exitCode ?? 1, stdout: String(result.stdout), stderr: String(result.stderr)}
    },
    async confirm(question) {
      asked.push(question)
      if (input.answer === 'no-terminal') throw Object.assign(new Error(`${question}: no terminal; re-run with --yes`), {code: 'BOTTLE_CONFIRMATION_REQUIRED'})
      return input.answer === 'yes'
    },
    warn: (message) => warnings.push(message),
    info() {},
  }
  return {ctx, asked, warnings}
}
