import {ExitCode as CoreExitCode} from '@bottle/core'

/** Every exit code of the bottle commands: the core's errors', plus those only the CLI gives. */
export const ExitCode = {
  ...CoreExitCode,
  /** The user declined to install an untrusted plugin (oclif can stop an install only with a non-zero code). */
  InstallDeclined: 8,
  /** `bottle doctor` found at least one failure. */
  DoctorFailed: 10,
  /** No such command (a typo), as a shell reports an unknown command. */
  CommandNotFound: 127,
} as const
