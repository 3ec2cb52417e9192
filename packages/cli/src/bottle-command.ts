import {Command} from '@oclif/core/command'
import type {ErrorReport, HostIO} from '@bottle/core'
import {ErrorCode, confirm, maskSecretValues, reportError} from '@bottle/core'

import {interruptedExitCode} from './interrupt.js'

/**
 * The base of every bottle command: one line on stderr for any failure, the
 * documented exit code whether or not --json is given, a stack only when
 * BOTTLE_DEBUG is set.
 */
export abstract class BottleCommand extends Command {
  static override enableJsonFlag = true

  protected get debugging(): boolean {
    return Boolean(process.env.BOTTLE_DEBUG) && process.env.BOTTLE_DEBUG !== '0'
  }

  /** Writes one line to stderr; stdout carries only results. */
  protected note(message: string): void {
    process.stderr.write(`${message}\n`)
  }

  /** How core talks to the user: progress and warnings on stderr, questions on the terminal (`yes`: agreed in advance). */
  protected hostIO(yes: boolean): HostIO {
    return {
      info: (message) => this.note(message),
      warn: (message) => this.note(`warning: ${message}`),
      confirm: (question) => confirm(question, {yes}),
      trace: this.debugging ? (line) => this.note(`$ ${line}`) : undefined,
    }
  }

  /** Called for a declined confirmation (exit 0); commands that can be cancelled override it. */
  protected cancelled(report: ErrorReport): unknown {
    this.note(report.message)
    return {cancelled: true, message: report.message}
  }

  protected override async catch(error: Error & {oclif?: {exit?: number}}): Promise<void> {
    // oclif's own errors (unknown flag, missing argument) are usage errors: exit 2.
    const parseError = typeof error.oclif?.exit === 'number' && !('code' in error && typeof error.code === 'string' && error.code.startsWith('BOTTLE_'))
    // parse() was called and failed: without this, oclif warns in development that it was never called.
    if (parseError) this.parsed = true
    const report: ErrorReport = parseError
      ? {code: ErrorCode.BadInput, message: error.message.replace(/\s+/g, ' ').trim(), exitCode: 2}
      : interrupted(reportError(error))
    if (report.code === ErrorCode.Cancelled) {
      const output = this.cancelled(report)
      if (this.jsonEnabled()) this.logJson(output)
      process.exitCode = 0
      return
    }

    this.note(`bottle: ${report.message}`)
    if (this.debugging && error.stack) this.note(maskSecretValues(error.stack, process.env))
    if (this.jsonEnabled()) this.logJson({error: {code: report.code, message: report.message, exitCode: report.exitCode}})
    process.exitCode = report.exitCode
  }
}

function interrupted(report: ErrorReport): ErrorReport {
  return report.code === ErrorCode.Interrupted ? {...report, exitCode: interruptedExitCode() as ErrorReport['exitCode']} : report
}
