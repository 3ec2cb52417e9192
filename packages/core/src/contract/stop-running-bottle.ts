import {CommitCancelled} from './errors.js'
import type {FreezeContext} from './freezer.js'

/**
 * The stop-confirmation flow shared by every backend that can only freeze a
 * stopped bottle. Stopping ends the agent's session, so it is never done
 * silently: the user is asked (default No), `--yes` agrees in advance, and
 * with no terminal and no `--yes` `ctx.confirm` fails with
 * ConfirmationRequired. A refusal throws CommitCancelled before `stop` runs,
 * so the host writes nothing either.
 */
export async function stopRunningBottle(ctx: Pick<FreezeContext<unknown>, 'bottleName' | 'confirm' | 'info'>, stop: () => Promise<unknown>): Promise<void> {
  const agreed = await ctx.confirm(`Stop the running bottle ${ctx.bottleName} so that it can be committed?`)
  if (!agreed) throw new CommitCancelled(`${ctx.bottleName} was left running`)
  ctx.info(`stopping ${ctx.bottleName}`)
  await stop()
}
