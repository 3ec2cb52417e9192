import {describe, expect, it} from 'vitest'

import {namingBackend} from '../../src/bottle/not-found.js'
import {BottleError, BottleNotFound, ErrorCode, ToolFailed} from '../../src/contract/errors.js'

const missing = (message: string) => () => Promise.reject(new BottleNotFound(message))

describe('a backend\'s "no such bottle" names the backend', () => {
  it('says a bottle without state was taken for the assumed backend, and how others get state', async () => {
    const error = await namingBackend({slug: 'nosuch', backend: 'docker', fromState: false}, missing('no container named bot-bottle-nosuch')).catch((e) => e)
    expect(error).toBeInstanceOf(BottleError)
    expect(error.code).toBe(ErrorCode.BottleNotFound)
    expect(error.message).toBe(
      'no container named bot-bottle-nosuch; nosuch has no bottle state, so it was taken for a docker bottle: a bottle of another backend gets its state from bottle launch nosuch --backend <name>',
    )
  })

  it('names the backend the state names', async () => {
    const error = await namingBackend({slug: 'f1', backend: 'folder', fromState: true}, missing('no bottle folder /x/bot-bottle-f1')).catch((e) => e)
    expect(error.message).toBe('no bottle folder /x/bot-bottle-f1 (backend folder)')
  })

  it("keeps the backend's stack frames for BOTTLE_DEBUG", async () => {
    const thrown = new BottleNotFound('gone')
    const error = await namingBackend({slug: 'f1', backend: 'folder', fromState: true}, () => Promise.reject(thrown)).catch((e) => e)
    expect(error.stack).toBe(`BottleError: gone (backend folder)${thrown.stack!.slice(thrown.stack!.indexOf('\n'))}`)
  })

  it('passes other errors and results through untouched', async () => {
    const failure = new ToolFailed('tar failed')
    await expect(namingBackend({slug: 's', backend: 'b', fromState: true}, () => Promise.reject(failure))).rejects.toBe(failure)
    await expect(namingBackend({slug: 's', backend: 'b', fromState: true}, async () => 'artifact')).resolves.toBe('artifact')
  })
})
