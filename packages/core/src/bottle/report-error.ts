import {describeThrown} from '../contract/describe-thrown.js'
import {ErrorCode} from '../contract/errors.js'

/** The process exit codes of the core's errors (the CLI adds its own), documented in docs/guarantees.md. */
export const ExitCode = {
  Ok: 0,
  Internal: 1,
  BadInput: 2,
  BackendUnavailable: 3,
  BottleNotFound: 4,
  ToolFailed: 5,
  StateError: 6,
  ConfirmationRequired: 7,
  /** Another commit of the same bottle is running (without --wait). */
  Busy: 9,
  /** 128 + SIGINT, as shells report an interrupted command. */
  Interrupted: 130,
  /** 128 + SIGTERM. */
  Terminated: 143,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

const byCode: Record<ErrorCode, ExitCode> = {
  [ErrorCode.Cancelled]: ExitCode.Ok,
  [ErrorCode.BadInput]: ExitCode.BadInput,
  [ErrorCode.BackendUnavailable]: ExitCode.BackendUnavailable,
  [ErrorCode.BottleNotFound]: ExitCode.BottleNotFound,
  [ErrorCode.ToolFailed]: ExitCode.ToolFailed,
  [ErrorCode.StateError]: ExitCode.StateError,
  [ErrorCode.ConfirmationRequired]: ExitCode.ConfirmationRequired,
  [ErrorCode.Interrupted]: ExitCode.Interrupted,
  [ErrorCode.Busy]: ExitCode.Busy,
}

/** A thrown value reduced to what the host reports: the code, one line, the exit code. */
export interface ErrorReport {
  readonly code: ErrorCode | 'BOTTLE_INTERNAL'
  readonly message: string
  readonly exitCode: ExitCode
}

const knownCodes = new Set<string>(Object.values(ErrorCode))

/**
 * Classifies anything thrown, by shape: errors from a plugin's own copy of the
 * contract carry the same `code` strings but are not instances of our classes.
 */
export function reportError(error: unknown): ErrorReport {
  const message = firstLine(describeThrown(error))
  const code = read(error, 'code')
  if (typeof code === 'string' && knownCodes.has(code)) {
    return {code: code as ErrorCode, message, exitCode: byCode[code as ErrorCode]}
  }

  return {code: 'BOTTLE_INTERNAL', message, exitCode: ExitCode.Internal}
}

function read(value: unknown, key: 'code' | 'message'): unknown {
  try {
    return (value as Record<string, unknown> | null)?.[key]
  } catch {
    return undefined
  }
}

/** One line without control characters: what the host prints for an error, whoever worded it. */
function firstLine(text: string): string {
  return (text.trim().split('\n', 1)[0] ?? '').replace(/\p{Cc}/gu, ' ').trim()
}
