import {Writable} from 'node:stream'
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type {Input, ParserOutput} from '@oclif/core/interfaces'
import {format} from 'node:util'
import type {ErrorReport, HostIO} from '@bottle/core'
import {ErrorCode, SecretMask, reportError} from '@bottle/core'

import {type Host, loadHost} from './host.js'
import {abortOnSignals, interruptedExitCode, wasInterrupted} from './interrupt.js'
import {type ListingOptions, listingLines} from './listing/output.js'
import {printable, printableJson, printableLine} from './printable.js'
import {confirm} from './prompt.js'
import {Progress} from './progress.js'
import {type ParseFailure, usageMessage} from './usage-error.js'

/**
 * The base of every bottle command: one line on stderr for any failure, the
 * documented exit code whether or not --json is given, a stack only when
 * BOTTLE_DEBUG is set. Everything printed passes one boundary here: secret
 * values masked, control characters escaped (names and messages come from
 * inside bottles and from plugins). SIGINT and SIGTERM abort the work from
 * the start (interrupt.ts), and stdout carries only the command's result:
 * whatever else writes to it while the command runs (a plugin's
 * console.log) goes to stderr.
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
  private readonly secrets = new SecretMask()
  private stdoutWrite?: typeof process.stdout.write

  public override async init(): Promise<void> {
    abortOnSignals()
    this.secrets.addEnv(process.env)
    this.stdoutWrite ??= process.stdout.write
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write
    return super.init()
  }

  /** Parses as oclif does, and remembers the values of `-e` entries, whichever command takes them, to mask them. */
  protected override async parse<F extends Output, B extends Output, A extends Output>(options?: Input<F, B, A>, argv?: string[]): Promise<ParserOutput<F, B, A>> {
    const parsed = await super.parse(options, argv)
    const env: unknown = (parsed.flags as Record<string, unknown>).env
    if (Array.isArray(env)) this.secrets.addEntries(env.filter((entry): entry is string => typeof entry === 'string'))
    return parsed
  }

  /** Config, state root and registry; the config's `secretEnv` names are masked from here on. */
  protected async host(): Promise<Host> {
    const host = await loadHost(this.config)
    this.secrets.addPatterns(host.config.secretEnv ?? [])
    return host
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
      info: (message) => progress.step(this.shownLine(message)),
      warn: (message) => progress.line(`warning: ${this.shownLine(message)}`),
      confirm: (question, flag = '--yes') => {
        progress.finish()
        return confirm(this.shownLine(question), {yes: flag === '--yes' ? yes : Boolean(agreed[flag]), flag})
      },
      trace: this.debugging ? (line) => progress.line(`$ ${this.shownLine(line)}`) : undefined,
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
    this.writeOut(`${this.shownLine(line)}\n`)
  }

  /** Writes text as it is to stdout, the command's own result (while the command runs, stdout is stderr for anything else). */
  protected writeOut(text: string): void {
    this.progressLine?.finish()
    this.toStdout(() => process.stdout.write(text))
  }

  /** stdout for a command's own bytes (`export -o -`), past the redirect that keeps plugins' output off it. */
  protected resultStream(): Writable {
    return new Writable({
      write: (chunk, _encoding, done) => {
        this.progressLine?.finish()
        const write = this.stdoutWrite ?? process.stdout.write
        ;(write as (chunk: unknown, callback: (error?: Error | null) => void) => boolean).call(process.stdout, chunk, (error) => done(error ?? null))
      },
    })
  }

  /** Runs output the command's own (oclif's help) with stdout as it was, until it is done. */
  protected async withStdout(write: () => Promise<void>): Promise<void> {
    const restore = this.openStdout()
    try {
      await write()
    } finally {
      restore()
    }
  }

  /** Runs a write of the command's own result with stdout as it was. */
  private toStdout(write: () => void): void {
    const restore = this.openStdout()
    try {
      write()
    } finally {
      restore()
    }
  }

  /** Puts stdout back as it was before the plugin redirect; returns what puts the redirect back. */
  private openStdout(): () => void {
    const redirected = process.stdout.write
    if (this.stdoutWrite) process.stdout.write = this.stdoutWrite
    return () => {
      process.stdout.write = redirected
    }
  }

  /**
   * Writes a listing (ls, snapshots). Its values pass the boundary one by one
   * (see listingLines); the tabs and line breaks left are the listing's own
   * (a pipe's columns, a --format template's \t and \n).
   */
  protected outputListing<Row extends object>(rows: readonly Row[], options: Omit<ListingOptions<Row>, 'stdout' | 'shown'>): void {
    const shown = {value: (text: string) => this.shownLine(text), json: (row: object) => printableJson(JSON.stringify(this.maskedJson(row)))}
    const lines = listingLines(rows, {...options, stdout: process.stdout, shown})
    this.progressLine?.finish()
    this.toStdout(() => {
      for (const line of lines) process.stdout.write(`${printable(this.secrets.mask(line))}\n`)
    })
  }

  /** Writes a message (lines of it: a stack) to stderr, after the progress of the steps so far. */
  protected note(message: string): void {
    this.progressLine?.finish()
    process.stderr.write(`${printable(this.secrets.mask(message))}\n`)
  }

  public override log(message = '', ...args: unknown[]): void {
    this.output(format(message, ...args))
  }

  protected override logJson(json: unknown): void {
    this.toStdout(() => process.stdout.write(`${printableJson(JSON.stringify(this.maskedJson(json), null, 2))}\n`))
  }

  private shownLine(text: string): string {
    return printableLine(this.secrets.mask(text))
  }

  private maskedJson(value: unknown): unknown {
    if (typeof value === 'string') return this.secrets.mask(value)
    if (Array.isArray(value)) return value.map((item) => this.maskedJson(item))
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.maskedJson(item)]))
    return value
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
    // parse() was called and failed (or its error was reworded): without this, oclif warns that it was never called.
    this.parsed = true
    const report: ErrorReport = parseError
      ? {
          code: ErrorCode.BadInput,
          message: usageMessage(error as ParseFailure, `${this.config.bin} ${this.id?.replaceAll(':', ' ')} --help`, (name) => this.ctor.flags?.[name]?.description),
          exitCode: 2,
        }
      : interrupted(reportError(thrown))
    if (report.code === ErrorCode.Cancelled) {
      const output = this.cancelled(report)
      if (this.jsonEnabled()) this.logJson(output)
      process.exitCode = 0
      return
    }

    this.note(`bottle: ${report.message}`)
    if (this.debugging && typeof error.stack === 'string') this.note(error.stack)
    if (this.jsonEnabled()) this.logJson({error: {code: report.code, message: report.message, exitCode: report.exitCode}})
    process.exitCode = report.exitCode
  }
}

// biome-ignore lint/suspicious/noExplicitAny: oclif's FlagOutput and ArgOutput, which it does not export
type Output = {[name: string]: any}

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
