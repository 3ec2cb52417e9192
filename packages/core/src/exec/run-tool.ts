import {constants} from 'node:os'

import {BottleError, ErrorCode, ToolFailed} from '../contract/errors.js'
import type {ExecOptions, ExecResult} from '../contract/freezer.js'
import {maskCommandLine} from '../secrets/mask-secrets.js'

export interface RunToolOptions extends ExecOptions {
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
  options.trace?.(maskCommandLine([file, ...args]))
  // Loaded on first use: commands that run no tool (backends, help) do not pay for it.
  const {execa} = await import('execa')
  const result = await execa(file, args, {
    reject: false,
    env: options.env,
    input: options.input,
    ...(options.uninterruptible ? {detached: true} : {cancelSignal: options.signal}),
    stripFinalNewline: true,
  })
  if (result.isCanceled || (options.signal?.aborted && !options.uninterruptible)) {
    throw new BottleError(ErrorCode.Interrupted, `interrupted while running ${file}`)
  }

  // A tool killed by a signal ran: its caller decides, as for any exit code (and may have clean-up to do).
  if (result.signal) {
    const stderr = [String(result.stderr ?? '').trim(), `${file} was killed by ${result.signal}`].filter(Boolean).join('\n')
    return {exitCode: 128 + (constants.signals[result.signal] ?? 0), stdout: String(result.stdout ?? ''), stderr}
  }

  if (result.failed && result.exitCode === undefined) {
    const reason = (result as {code?: string}).code === 'ENOENT' ? 'not found on PATH' : result.shortMessage
    throw new ToolFailed(`cannot run ${file}: ${reason}`)
  }

  return {exitCode: result.exitCode ?? 1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '')}
}
