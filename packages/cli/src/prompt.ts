import {createInterface} from 'node:readline/promises'

import {BottleError, ErrorCode} from '@bottle/core'

export interface ConfirmOptions {
  /** --yes: the user agreed in advance. */
  readonly yes: boolean
  readonly input?: NodeJS.ReadStream
  readonly output?: NodeJS.WriteStream
}

/**
 * Asks a yes/no question on the terminal, default No. Without a terminal it
 * never waits and never assumes yes: it fails, naming --yes.
 */
export async function confirm(question: string, options: ConfirmOptions): Promise<boolean> {
  if (options.yes) return true
  const input = options.input ?? process.stdin
  const output = options.output ?? process.stderr
  if (!input.isTTY) {
    throw new BottleError(
      ErrorCode.ConfirmationRequired,
      `${question.replace(/\?$/, '')}: no terminal to ask on; re-run with --yes to agree`,
    )
  }

  const rl = createInterface({input, output})
  try {
    const answer = await rl.question(`${question} [y/N] `)
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    rl.close()
  }
}
