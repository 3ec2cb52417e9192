import {execa} from 'execa'

import {BOTTLE_BIN, type Sandbox} from './cli.js'

/** What a run on a pseudo-terminal showed: stdout and stderr arrive mixed, as a user sees them. */
export interface TerminalRun {
  readonly exitCode: number | undefined
  readonly output: string
}

/**
 * Runs the built CLI on a pseudo-terminal (util-linux `script`), so that
 * stdin is a TTY as for a user at a shell, and types `answer` once the
 * `[y/N]` prompt has been shown, not before.
 */
export async function bottleOnTerminal(
  box: Sandbox,
  args: readonly string[],
  options: {env?: Record<string, string>; answer: string; bin?: string; timeout?: number},
): Promise<TerminalRun> {
  // `bin`: another bottle executable, such as one installed from a registry.
  const command = [...(options.bin ? [options.bin] : ['node', BOTTLE_BIN]), ...args].map(shellQuote).join(' ')
  const child = execa('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    cwd: box.dir,
    env: {...box.env, ...options.env},
    reject: false,
    timeout: options.timeout ?? 30_000,
  })
  let output = ''
  let answered = false
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    if (!answered && output.includes('[y/N]')) {
      answered = true
      child.stdin.write(`${options.answer}\n`)
    }
  })
  const result = await child
  return {exitCode: result.exitCode, output: output.replaceAll('\r\n', '\n')}
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`
}
