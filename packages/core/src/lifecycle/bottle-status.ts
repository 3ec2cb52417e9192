import {BottleError, ErrorCode} from '../contract/errors.js'
import type {BottleStatus} from '../contract/lifecycle.js'
import type {OpenBottle} from './open-bottle.js'

const STATUSES: readonly string[] = ['running', 'stopped', 'missing'] satisfies BottleStatus[]

/** The bottle's status as its backend reports it, checked by shape. */
export async function bottleStatus(bottle: OpenBottle): Promise<BottleStatus> {
  const status: unknown = await bottle.need('status')(bottle.ctx)
  if (typeof status !== 'string' || !STATUSES.includes(status)) {
    throw new BottleError(ErrorCode.BackendUnavailable, `backend "${bottle.backend}" returned ${JSON.stringify(status)} from status(); expected ${STATUSES.join(', ')}`)
  }

  return status as BottleStatus
}
