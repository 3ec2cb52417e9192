import {BottleError, ErrorCode} from '../contract/errors.js'
import type {OpenBottle} from './open-bottle.js'
import {reportError} from './report-error.js'

/** Room the preflight proves beyond the current history: one snapshot entry, committed.json and the preserved mark, with margin. */
const RECORD_ROOM = 8192

export interface Preflight {
  /** Takes back what the preflight made (the state folder it created), when nothing is recorded after all. */
  undo(): Promise<void>
}

/**
 * What an operation that makes an artifact checks before the backend runs:
 * the state folder is bottle's or free, every state file it will rewrite
 * reads and validates, and the folder can be written with room for the
 * record. So a damaged file, an immutable folder or a full disk fail here,
 * before anything is made that could not be recorded.
 */
export async function preflight(bottle: OpenBottle): Promise<Preflight> {
  const {state} = bottle
  await state.assertOwn()
  const fresh = (await state.kind()) === 'none'
  await state.readMetadata()
  await state.readHistory()
  await state.readCommit()
  await state.proveWritable(RECORD_ROOM)
  return {
    async undo() {
      if (fresh && (await state.kind().catch(() => 'bottle')) === 'none') await state.remove().catch(() => {})
    },
  }
}

/**
 * Runs `record` for something that now exists (an artifact, a started
 * bottle). When recording fails, or an interrupt came as it was made, it is
 * taken back (`takeBack` says how that went), so that nothing is left that
 * bottle does not list; the error says what became of it.
 */
export async function recordOrTakeBack(bottle: OpenBottle, record: () => Promise<void>, takeBack: () => Promise<string>): Promise<void> {
  try {
    if (bottle.ctx.signal.aborted) throw new BottleError(ErrorCode.Interrupted, 'interrupted as the backend finished')
    await record()
  } catch (error) {
    const report = reportError(error)
    const fate = await takeBack()
    throw new BottleError(report.code === 'BOTTLE_INTERNAL' ? ErrorCode.StateError : report.code, `${report.message}; ${fate}`, {cause: error})
  }
}

/** Removes an artifact that will not be recorded; says what became of it. */
export async function discardArtifact(bottle: OpenBottle, artifact: string): Promise<string> {
  if (!bottle.has('removeArtifact')) return `${artifact} was made but not recorded: remove it with the backend's tool`
  try {
    await bottle.need('removeArtifact')(bottle.finishCtx, artifact)
    return `${artifact} was removed, nothing was recorded`
  } catch (error) {
    return `${artifact} was made but not recorded, and removing it failed (${reportError(error).message}): remove it with the backend's tool`
  }
}

/** Removes a bottle just started that will not be recorded; says what became of it. */
export async function removeUnrecorded(bottle: OpenBottle): Promise<string> {
  try {
    await bottle.need('remove')(bottle.finishCtx)
    return `${bottle.bottleName} was removed again`
  } catch (error) {
    return `${bottle.bottleName} was started but could not be removed again (${reportError(error).message}): remove it with the backend's tool`
  }
}
