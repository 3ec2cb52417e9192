import type {LaunchSpec} from '../contract/lifecycle.js'
import {bottleStatus} from './bottle-status.js'
import type {OpenBottle} from './open-bottle.js'

/**
 * Launches a new bottle; when that fails part-way (docker run creates the
 * container before it fails to start it), removes what was left, so that a
 * retry finds the name free instead of "already exists".
 */
export async function launchFresh(bottle: OpenBottle, spec: LaunchSpec): Promise<void> {
  const launch = bottle.need('launch')
  try {
    await launch(bottle.ctx, spec)
  } catch (error) {
    const left = await bottleStatus(bottle).catch(() => 'missing' as const)
    if (left !== 'missing') await bottle.need('remove')(bottle.ctx).catch(() => undefined)
    throw error
  }
}
