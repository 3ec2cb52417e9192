import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type {ErrorReport, HostIO} from '@bottle/core'
import {ErrorCode, maskSecretValues, reportError} from '@bottle/core'

import {abortOnSignals, interruptedExitCode, wasInterrupted} from './interrupt.js'
import {confirm} from './prompt.js'
import {Progress} from './progress.js'

/**
 * The base of every bottle command: one line on stderr for any failure, the
 * documented exit code whether or not --json is given, a stack only when
 * BOTTLE_DEBUG is set. SIGINT and SIGTERM abort the work from the start
 * (interrupt.ts), and stdout carries only the command's result: whatever
 * else writes to it while the command runs (a plugin's console.log) goes to
 * stderr.
 */
export abstract class BottleCommand extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    color: Flags.boolean({
      allowNo: true,
      default: true,
      helpGroup: 'GLOBAL',
      description: 'colour in progress output (--no-color, or the NO_COLOR environment variable, turns it off)',
    }),
  }

  private progressLine?: Progress
  private stdoutWrite?: typeof process.stdout.write

  override async init(): Promise<void> {
    abortOnSignals()
    this.stdoutWrite ??= process.stdout.write
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write
    await super.init()
  }

  protected get debugging(): boolean {
    return Boolean(process.env.BOTTLE_DEBUG) && process.env.BOTTLE_DEBUG !== '0'
  }

  /**
   * How core talks to the user: progress (a spinner on a terminal, plain
   * lines otherwise) and warnings on stderr, questions on the terminal
   * (`yes`: agreed in advance).
   */
  protected hostIO(yes: boolean, agreed: Record<string, boolean> = {}): HostIO {
    const progress = this.progress()
    return {
      info: (message) => progress.step(message),
      warn: (message) => progress.line(`warning: ${message}`),
      confirm: (question, flag = '--yes') => {
        progress.finish()
        return confirm(question, {yes: flag === '--yes' ? yes : Boolean(agreed[flag]), flag})
      },
      trace: this.debugging ? (line) => progress.line(`$ ${line}`) : undefined,
    }
  }

  private progress(): Progress {
    if (!this.progressLine) {
      // Read from argv: the flags are parsed by each command's run(), the progress is shared by all.
      const noColor = Boolean(process.env.NO_COLOR) || this.argv.includes('--no-color')
      const interactive = Boolean(process.stderr.isTTY) && !this.jsonEnabled()
      this.progressLine = new Progress(process.stderr, interactive, !noColor)
    }

    return this.progressLine
  }

  /** Writes the command's result, one line on stdout, after the progress of the steps so far. */
  protected output(line: string): void {
    this.writeOut(`${line}\n`)
  }

  /** Writes text as it is to stdout, the command's own result (while the command runs, stdout is stderr for anything else). */
  protected writeOut(text: string): void {
    this.progressLine?.finish()
    this.toStdout(() => process.stdout.write(text))
  }

  override log(message?: string, ...args: unknown[]): void {
    this.toStdout(() => super.log(message, ...args))
  }

  override logJson(json: unknown): void {
    this.toStdout(() => super.logJson(json))
  }

  /** Runs a write of the command's own result with stdout as it was. */
  private toStdout(write: () => void): void {
    const redirected = process.stdout.write
    if (this.stdoutWrite) process.stdout.write = this.stdoutWrite
    try {
      write()
    } finally {
      process.stdout.write = redirected
    }
  }

  /** Writes one line to stderr, after the progress of the steps so far. */
  protected note(message: string): void {
    this.progressLine?.finish()
    process.stderr.write(`${message}\n`)
  }

  /** Called for a declined confirmation (exit 0); commands that can be cancelled override it. */
  protected cancelled(report: ErrorReport): unknown {
    this.note(report.message)
    return {cancelled: true, message: report.message}
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    this.progressLine?.finish()
    if (!error && wasInterrupted()) this.note('the interrupt came after the point of no return: the command finished (any warning above names what it left undone)')
    if (this.stdoutWrite) process.stdout.write = this.stdoutWrite
    return super.finally(error)
  }

  protected override async catch(thrown: unknown): Promise<void> {
    // Anything may arrive here (a plugin can throw null or a string): only an object is read for oclif's marks.
    const error = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as {oclif?: {exit?: number}; code?: unknown; message?: unknown; stack?: unknown}
    // oclif's own errors (unknown flag, missing argument) are usage errors: exit 2.
    const parseError = typeof error.oclif?.exit === 'number' && !(typeof error.code === 'string' && error.code.startsWith('BOTTLE_'))
    // parse() was called and failed: without this, oclif warns in development that it was never called.
    if (parseError) this.parsed = true
    const report: ErrorReport = parseError
      ? {code: ErrorCode.BadInput, message: String(error.message).replace(/\s+/g, ' ').trim(), exitCode: 2}
      : interrupted(reportError(thrown))
    if (report.code === ErrorCode.Cancelled) {
      const output = this.cancelled(report)
      if (this.jsonEnabled()) this.logJson(output)
      process.exitCode = 0
      return
    }

    this.note(`bottle: ${report.message}`)
    if (this.debugging && typeof error.stack === 'string') this.note(maskSecretValues(error.stack, process.env))
    if (this.jsonEnabled()) this.logJson({error: {code: report.code, message: report.message, exitCode: report.exitCode}})
    process.exitCode = report.exitCode
  }
}

/**
 * A failure after a signal is the interrupt's doing (the tool was stopped, the
 * step cut short): reported as the interrupt, 130 or 143. Operations record
 * nothing when they fail, so these codes mean nothing was recorded.
 */
function interrupted(report: ErrorReport): ErrorReport {
  if (report.code !== ErrorCode.Interrupted && !wasInterrupted()) return report
  const message = report.code === ErrorCode.Interrupted ? report.message : `interrupted: ${report.message}`
  return {code: ErrorCode.Interrupted, message, exitCode: interruptedExitCode() as ErrorReport['exitCode']}
}
