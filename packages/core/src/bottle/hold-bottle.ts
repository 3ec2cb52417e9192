import {type BottleLock, lockBottle} from '../state/lock.js'
import type {BottleRequest} from './host-io.js'

/**
 * Takes the bottle's lock for an operation that changes it (commit, import,
 * push, resume, rm, launch), telling the user when it waits and when it took
 * over a lock nobody holds any more.
 */
export function holdBottle(request: BottleRequest, slug: string, doing: string, wait = false): Promise<BottleLock> {
  const {io} = request
  return lockBottle(request.stateRoot, slug, {
    wait,
    doing,
    signal: request.signal,
    onWait: (holder) => io.info(`waiting for bottle process ${holder.pid}, which is ${doing} "${slug}"`),
    onRecovered: (holder) =>
      io.info(
        holder
          ? `took over the lock of "${slug}" left by bottle process ${holder.pid}, which is gone`
          : `took over the lock of "${slug}": its lock file was empty or damaged, so no bottle process held it`,
      ),
  })
}
