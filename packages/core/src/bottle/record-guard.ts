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
 * Runs `record` for an artifact that now exists. When recording fails the
 * artifact is removed, so that nothing is left that bottle does not list; if
 * that fails too, the error names it and how to remove it.
 */
export async function recordOrDiscard(bottle: OpenBottle, artifact: string, record: () => Promise<void>): Promise<void> {
  try {
    await record()
  } catch (error) {
    const report = reportError(error)
    const fate = await discard(bottle, artifact)
    throw new BottleError(report.code === 'BOTTLE_INTERNAL' ? ErrorCode.StateError : report.code, `${report.message}; ${fate}`, {cause: error})
  }
}

async function discard(bottle: OpenBottle, artifact: string): Promise<string> {
  if (!bottle.has('removeArtifact')) return `${artifact} was made but not recorded: remove it with the backend's tool`
  try {
    await bottle.need('removeArtifact')(bottle.finishCtx, artifact)
    return `${artifact} was removed, nothing was recorded`
  } catch (error) {
    return `${artifact} was made but not recorded, and removing it failed (${reportError(error).message}): remove it with the backend's tool`
  }
}
