import {describe, expect, it} from 'vitest'

import {BottleError, ErrorCode} from '../../src/contract/errors.js'
import {stopRunningBottle} from '../../src/contract/stop-running-bottle.js'

/** A context whose answer is scripted; records what was asked and said. */
function context(answer: () => Promise<boolean>) {
  const asked: string[] = []
  const said: string[] = []
  const ctx = {
    bottleName: 'bot-bottle-demo',
    confirm: (question: string) => {
      asked.push(question)
      return answer()
    },
    info: (message: string) => said.push(message),
  }
  return {ctx, asked, said}
}

describe('stopRunningBottle', () => {
  it('asks about the named bottle, then stops it once the user agrees', async () => {
    const {ctx, asked, said} = context(async () => true)
    let stopped = 0
    await stopRunningBottle(ctx, async () => {
      stopped++
    })
    expect(asked).toEqual(['Stop the running bottle bot-bottle-demo so that it can be committed?'])
    expect(said).toEqual(['stopping bot-bottle-demo'])
    expect(stopped).toBe(1)
  })

  it('cancels the commit without stopping when the user declines', async () => {
    const {ctx} = context(async () => false)
    let stopped = 0
    const declined = stopRunningBottle(ctx, async () => {
      stopped++
    })
    await expect(declined).rejects.toMatchObject({code: ErrorCode.Cancelled, message: 'bot-bottle-demo was left running'})
    expect(stopped).toBe(0)
  })

  it('passes on a confirmation nobody can answer, without stopping', async () => {
    const {ctx} = context(async () => {
      throw new BottleError(ErrorCode.ConfirmationRequired, 'no terminal; re-run with --yes')
    })
    let stopped = 0
    const unanswered = stopRunningBottle(ctx, async () => {
      stopped++
    })
    await expect(unanswered).rejects.toMatchObject({code: ErrorCode.ConfirmationRequired})
    expect(stopped).toBe(0)
  })

  it('reports a failing stop as it is', async () => {
    const {ctx} = context(async () => true)
    await expect(stopRunningBottle(ctx, async () => Promise.reject(new Error('stop failed')))).rejects.toThrow('stop failed')
  })
})
