import type {OpenBottle} from '../bottle/open-bottle.js'
import type {BackendDeclaration} from '../contract/declaration.js'
import {BottleError, ErrorCode} from '../contract/errors.js'
import type {FreezeContext} from '../contract/freezer.js'
import {stopRunningBottle} from '../contract/stop-running-bottle.js'

/** The capability a backend declares when `--include-workspace` means something to it. */
export const INCLUDE_WORKSPACE = 'can-include-workspace'

/** How the user wants the bottle frozen: `bottle commit --live`, `--stop`, `--include-workspace`. */
export interface CommitMode {
  /** Freeze without stopping the bottle; refused where the backend or its tool cannot. */
  readonly live?: boolean
  /** Stop a running bottle first (asking), even where the backend could freeze it running. */
  readonly stop?: boolean
  readonly includeWorkspace?: boolean
}

/** The wishes the freezer gets in its context; only what was asked for. */
export type FreezeWishes = Pick<FreezeContext, 'live' | 'includeWorkspace'>

/**
 * Refuses, before anything runs, what the backend's declaration says it
 * cannot do: a wish is never quietly dropped. What depends on the installed
 * tool's release is the freezer's to refuse.
 */
export function checkCommitMode(backend: string, declaration: BackendDeclaration | undefined, mode: CommitMode): void {
  if (mode.live && mode.stop) throw new BottleError(ErrorCode.BadInput, '--live and --stop contradict each other; pick one')
  if (mode.live && !declaration?.live) {
    throw new BottleError(
      ErrorCode.BadInput,
      `backend "${backend}" cannot freeze a bottle without stopping it (see bottle backends); commit without --live, and it asks before stopping a running bottle`,
    )
  }

  if (mode.includeWorkspace && !declaration?.capabilities.includes(INCLUDE_WORKSPACE)) {
    throw new BottleError(ErrorCode.BadInput, `backend "${backend}" has no workspace to include (--include-workspace); commit without it`)
  }
}

export function freezeWishes(mode: CommitMode): FreezeWishes {
  return {...(mode.live ? {live: true} : {}), ...(mode.includeWorkspace ? {includeWorkspace: true} : {})}
}

/**
 * `--stop`: stops a running bottle through the backend's lifecycle before
 * the freeze, with the same question a backend that can only freeze stopped
 * bottles asks, so the snapshot has no process writing to its disk.
 */
export async function stopFirst(bottle: OpenBottle): Promise<void> {
  if ((await bottle.status()) !== 'running') return
  const stop = bottle.need('stop')
  await stopRunningBottle(bottle.ctx, () => stop(bottle.ctx))
}
