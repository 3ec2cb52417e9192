/**
 * The Freezer contract: everything a backend plugin implements.
 *
 * A backend only freezes; the host records the artifact, marks the bottle
 * preserved and prints the hints. Versioned by API_VERSION (api-version.ts):
 * the host refuses freezers that declare a version it does not support.
 */
import type {SecretRules} from './secrets.js'
import type {StandardSchemaV1} from './standard-schema.js'

/** Who the bottle belongs to, as recorded in its state (empty strings when there is no state). */
export interface AgentInfo {
  readonly slug: string
  readonly agentName: string
  readonly startedAt: string
  readonly backend: string
}

/** Result of a tool run through `FreezeContext.exec`; a non-zero exit does not throw. */
export interface ExecResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

/** What the host hands a freezer for one commit. */
export interface FreezeContext<Options = Record<string, unknown>> {
  /** The bottle's slug, already checked to be a safe name. */
  readonly slug: string
  /** The bottle's backend-level name: the configured prefix plus the slug (`bot-bottle-<slug>`). */
  readonly bottleName: string
  /** The agent that owns the bottle, from per-bottle state. */
  readonly agent: AgentInfo
  /** This backend's options from the config, validated by `optionsSchema`. */
  readonly options: Options
  /** The bottle's own state folder: a place for artifacts that are files. */
  readonly stateDir: string
  /** Runs a tool without a shell. Throws ToolFailed only when the tool cannot be started. */
  exec(file: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>
  /** Asks the user a yes/no question (default No); may throw ConfirmationRequired when nobody can answer. */
  confirm(question: string): Promise<boolean>
  /** Tells the user something the artifact does not contain, or another caveat; shown on stderr and in --json. */
  warn(message: string): void
  /** Reports progress (one short line); shown on stderr, never on stdout. */
  info(message: string): void
  /**
   * Shows, under BOTTLE_DEBUG only, a call the backend makes other than
   * through `exec` (such as an engine API request), as `exec` shows the
   * commands it runs. Absent on hosts older than this member.
   */
  trace?(line: string): void
  /** Aborted when the user interrupts the commit: pass it on to long-running work. */
  readonly signal: AbortSignal
  /**
   * What to keep out of the artifact: credential-like environment variables
   * to blank, credential files to warn about; `scrub` is false with `--no-scrub`.
   */
  readonly secrets: SecretRules
  /**
   * The environment `exec` adds to the host's for every tool (the author's
   * test kit points tools at doubles with it; the CLI adds none). A backend
   * that talks to a tool's service without running the tool (an engine's
   * API socket) reads its settings from process.env with these on top.
   */
  readonly toolEnv?: Readonly<Record<string, string>>
  /**
   * A folder of the user's cache that is this backend's own, for answers that
   * are slow to get and change only with the tool (what a binary is): create
   * it when writing; anything in it may be deleted at any time. Absent on
   * hosts older than this member, and where the host has no cache.
   */
  readonly cacheDir?: string
  /**
   * True with `bottle commit --live`: freeze the bottle without stopping it,
   * or fail with BadInput saying why the installed tool cannot; never fall
   * back to stopping it. Set only for backends whose declaration has `live`.
   */
  readonly live?: boolean
  /** True with `--include-workspace`: put the bottle's workspace in the artifact. Set only for backends that declare `can-include-workspace`. */
  readonly includeWorkspace?: boolean
}

/** Options of `FreezeContext.exec`. */
export interface ExecOptions {
  readonly env?: Record<string, string>
  readonly input?: string
  /**
   * Run to the end even when the user interrupts: for an engine call the
   * engine would finish anyway once asked (so that the freezer knows what it
   * made and can remove it), and for clean-up after an interruption. The tool
   * runs in its own process group, so a terminal's Ctrl-C does not reach it.
   */
  readonly uninterruptible?: boolean
}

/** What the host hands `exportHint`. */
export interface ExportHintInput<Options = Record<string, unknown>> {
  readonly slug: string
  readonly bottleName: string
  /** The artifact reference `freeze` returned. */
  readonly artifact: string
  readonly options: Options
}

/** A backend's freezer: the default export of the module its package declares. */
export interface Freezer<Options = Record<string, unknown>> {
  /** The contract version this freezer was written against (API_VERSION). */
  readonly apiVersion: number
  /** Validates this backend's options (`backends.<name>` in the config); any Standard Schema, such as a zod schema. */
  readonly optionsSchema?: StandardSchemaV1<unknown, Options>
  /** Freezes the bottle and returns the artifact reference: an image tag or an artifact path. May throw CommitCancelled. */
  freeze(ctx: FreezeContext<Options>): Promise<string>
  /** Shell commands that move the artifact to another machine, in the order to run them. */
  exportHint?(input: ExportHintInput<Options>): readonly string[]
}

/** Identity helper that gives a freezer object its types. */
export function defineFreezer<Options = Record<string, unknown>>(freezer: Freezer<Options>): Freezer<Options> {
  return freezer
}
