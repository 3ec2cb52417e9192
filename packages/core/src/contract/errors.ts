/**
 * The error vocabulary shared by the host and every plugin.
 *
 * A plugin runs with its own copy of this module, so the host never uses
 * `instanceof` on what a plugin throws: it reads the `code` string. Plugins
 * see only PluginErrorCode (as `ErrorCode`): the codes they may throw.
 */
export const PluginErrorCode = {
  /** The user declined a confirmation: the commit is cancelled, nothing changed. */
  Cancelled: 'BOTTLE_CANCELLED',
  /** The bottle (container, VM) does not exist. */
  BottleNotFound: 'BOTTLE_NOT_FOUND',
  /** The backend's tool is missing, cannot reach its engine, or failed. */
  ToolFailed: 'BOTTLE_TOOL_FAILED',
  /** Something the user gave (an option, a reference) is wrong. */
  BadInput: 'BOTTLE_BAD_INPUT',
  /** A confirmation is needed but nobody can answer it (no TTY, no --yes); `ctx.confirm` throws it. */
  ConfirmationRequired: 'BOTTLE_CONFIRMATION_REQUIRED',
  /** The abort signal fired: the operation stopped and removed what it had half made. */
  Interrupted: 'BOTTLE_INTERRUPTED',
} as const

/** Every code the host reports: a plugin's, plus the host's own (never thrown by a plugin). */
export const ErrorCode = {
  ...PluginErrorCode,
  /** No backend of that name, or its plugin is broken or in conflict. */
  BackendUnavailable: 'BOTTLE_BACKEND_UNAVAILABLE',
  /** The per-bottle state cannot be read or written. */
  StateError: 'BOTTLE_STATE_ERROR',
  /** Another bottle process holds the bottle's lock (a commit of the same slug is running). */
  Busy: 'BOTTLE_BUSY',
} as const

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]
export type PluginErrorCode = (typeof PluginErrorCode)[keyof typeof PluginErrorCode]

/** An error whose `code` tells the host how to report it and which exit code to use. */
export class BottleError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: {cause?: unknown}) {
    super(message, options)
    this.name = 'BottleError'
    this.code = code
  }
}

/** Thrown by a freezer when the user declines a confirmation prompt. */
export class CommitCancelled extends BottleError {
  constructor(message = 'commit cancelled') {
    super(ErrorCode.Cancelled, message)
    this.name = 'CommitCancelled'
  }
}

/** Thrown by a freezer when the bottle it was asked to freeze does not exist. */
export class BottleNotFound extends BottleError {
  constructor(message: string) {
    super(ErrorCode.BottleNotFound, message)
    this.name = 'BottleNotFound'
  }
}

/** Thrown by a freezer when its tool fails; the message should carry the tool's own words. */
export class ToolFailed extends BottleError {
  constructor(message: string) {
    super(ErrorCode.ToolFailed, message)
    this.name = 'ToolFailed'
  }
}
