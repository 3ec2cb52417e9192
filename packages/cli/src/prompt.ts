import {createInterface} from 'node:readline/promises'

import {BottleError, ErrorCode} from '@bottle/core'

import {abortOnSignals, noteInterrupt} from './interrupt.js'

export interface ConfirmOptions {
  /** The user agreed in advance (--yes, or the flag named by `flag`). */
  readonly yes: boolean
  /** The flag that agrees without asking, named when there is no terminal. */
  readonly flag?: string
  readonly input?: NodeJS.ReadStream
  readonly output?: NodeJS.WriteStream
}

/**
 * Asks a yes/no question on the terminal, default No. Without a terminal it
 * never waits and never assumes yes: it fails, naming the flag that agrees.
 * Ctrl-C (or a signal) at the question interrupts the command: exit 130,
 * nothing changed.
 */
export async function confirm(question: string, options: ConfirmOptions): Promise<boolean> {
  if (options.yes) return true
  const input = options.input ?? process.stdin
  const output = options.output ?? process.stderr
  const flag = options.flag ?? '--yes'
  if (!input.isTTY) {
    throw new BottleError(ErrorCode.ConfirmationRequired, `${question.replace(/\?$/, '')}: no terminal to ask on; re-run with ${flag} to agree`)
  }

  const rl = createInterface({input, output})
  const interrupted = () => new BottleError(ErrorCode.Interrupted, 'interrupted at the question; nothing was changed')
  try {
    const ctrlC = new Promise<never>((_, reject) =>
      rl.once('SIGINT', () => {
        output.write('\n')
        noteInterrupt()
        reject(interrupted())
      }),
    )
    const answer = await Promise.race([rl.question(`${question} [y/N] `, {signal: abortOnSignals()}), ctrlC]).catch((error: unknown) => {
      throw (error as Error).name === 'AbortError' ? interrupted() : error
    })
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    rl.close()
  }
}
