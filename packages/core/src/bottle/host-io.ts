import type {BottleConfig} from '../config/config-schema.js'
import type {BackendRegistry} from '../registry/backend-registry.js'

/** How the host talks to the user during an operation: stderr only, never stdout. */
export interface HostIO {
  info(message: string): void
  warn(message: string): void
  /** A yes/no question; `flag` names the flag that agrees without a terminal (--yes unless said). */
  confirm(question: string, flag?: string): Promise<boolean>
  /** Debug output of the tool commands run. */
  trace?(commandLine: string): void
}

/** What every operation gets from the command that runs it. */
export interface BottleRequest {
  readonly registry: BackendRegistry
  readonly config: BottleConfig
  readonly stateRoot: string
  readonly io: HostIO
  readonly signal?: AbortSignal
  readonly now?: () => Date
  /** bottle's cache folder, where backends keep what is slow to ask (absent: nothing is kept). */
  readonly cacheRoot?: string
}
