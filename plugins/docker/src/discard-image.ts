import type {FreezeContext} from '@bottle/core/plugin'
import {setTimeout as sleep} from 'node:timers/promises'

import {type Docker, NO_SUCH_IMAGE} from './tool.js'

const POLL_MS = 100
const MAX_POLLS = 600

/**
 * Removes the image of a commit that will not be recorded, and leaves the
 * bottle running as it was. `pausedByCommit`: the commit paused a container
 * that was running. Docker's engine finishes a commit it has started even
 * when its client is killed; it tags the image before it unpauses the
 * container, so waiting for the pause to end means waiting for the engine to
 * be done. Podman's commit dies with its client and unpauses nothing: the
 * container is unpaused here, or it would stay frozen.
 */
export async function discardImage(ctx: FreezeContext<{binary: string}>, docker: Docker, tag: string, pausedByCommit: boolean): Promise<void> {
  const {commitOutlivesClient} = await docker.engine()
  for (let polls = 0; pausedByCommit && polls < MAX_POLLS; polls++) {
    const paused = await docker.run(['inspect', '--type', 'container', '--format', '{{.State.Paused}}', ctx.bottleName], {uninterruptible: true})
    if (paused.exitCode !== 0 || paused.stdout.trim() !== 'true') break
    if (!commitOutlivesClient) {
      const unpaused = await docker.run(['unpause', ctx.bottleName], {uninterruptible: true})
      if (unpaused.exitCode !== 0)
        ctx.warn(`${ctx.bottleName} was left paused by the failed commit: ${docker.message(unpaused)}; unpause it with: ${ctx.options.binary} unpause ${ctx.bottleName}`)
      break
    }

    await sleep(POLL_MS)
  }

  const removed = await docker.run(['image', 'rm', tag], {uninterruptible: true})
  const message = (removed.stderr || removed.stdout).trim().split('\n').at(-1) ?? ''
  if (removed.exitCode !== 0 && !NO_SUCH_IMAGE.test(message)) {
    ctx.warn(`the unfinished image ${tag} may remain: ${message}; remove it with: ${ctx.options.binary} image rm ${tag}`)
  }
}
