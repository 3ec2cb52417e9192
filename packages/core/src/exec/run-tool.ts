import {BottleError, ErrorCode, ToolFailed} from '../contract/errors.js'
import type {ExecResult} from '../contract/freezer.js'

export interface RunToolOptions {
  readonly env?: Record<string, string>
  readonly input?: string
  readonly signal?: AbortSignal
  /** Called with the command line before it runs (debug output). */
  readonly trace?: (commandLine: string) => void
}

/**
 * Runs a backend tool without a shell. A non-zero exit is the caller's to
 * interpret (each tool words its errors differently); only a tool that cannot
 * be started at all is an error here.
 */
export async function runTool(file: string, args: readonly string[], options: RunToolOptions = {}): Promise<ExecResult> {
  options.trace?.([file, ...args].join(' '))
  // Loaded on first use: commands that run no tool (backends, help) do not pay for it.
  const {execa} = await import('execa')
  const result = await execa(file, args, {
    reject: false,
    env: options.env,
    input: options.input,
    cancelSignal: options.signal,
    stripFinalNewline: true,
  })
  if (result.isCanceled || options.signal?.aborted) {
    throw new BottleError(ErrorCode.Interrupted, `interrupted while running ${file}`)
  }

  if (result.failed && result.exitCode === undefined) {
    const reason = (result as {code?: string}).code === 'ENOENT' ? 'not found on PATH' : result.shortMessage
    throw new ToolFailed(`cannot run ${file}: ${reason}`)
  }

  return {exitCode: result.exitCode ?? 1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '')}
}
