import {describe, expect, it} from 'vitest'

import {askTogether, oncePerContext, parseToolVersion, versionAtLeast} from '../../src/contract/asking-the-tool.js'
import type {FreezeContext} from '../../src/contract/freezer.js'

describe('asking a backend tool', () => {
  it('reads the version out of --version output', () => {
    expect(parseToolVersion('container CLI version 1.4.1 (build: release, commit: 9a8917c)')).toBe('1.4.1')
    expect(parseToolVersion('smolvm 1.9.3\n')).toBe('1.9.3')
    expect(parseToolVersion('v1.13')).toBe('1.13')
    expect(parseToolVersion('')).toBeUndefined()
  })

  it('compares versions part by part, as numbers', () => {
    expect(versionAtLeast('1.10.0', '1.9.3')).toBe(true)
    expect(versionAtLeast('1.2.1', '1.2.1')).toBe(true)
    expect(versionAtLeast('1.2', '1.2.1')).toBe(false)
    expect(versionAtLeast('1.2.0', '1.2.1')).toBe(false)
    expect(versionAtLeast('2.0.0', '1.99.99')).toBe(true)
  })

  it('asks once per context, however many operations of the command ask', async () => {
    let asked = 0
    const version = oncePerContext(async () => ++asked)
    const ctx = {} as FreezeContext
    expect(await Promise.all([version(ctx), version(ctx)])).toEqual([1, 1])
    expect(await version({} as FreezeContext)).toBe(2)
  })

  it('waits for every question before failing with the first failure', async () => {
    let slowEnded = false
    const slow = new Promise<number>((resolve) =>
      setTimeout(() => {
        slowEnded = true
        resolve(1)
      }, 30),
    )
    await expect(askTogether<[number, number]>([Promise.reject(new Error('first')), slow])).rejects.toThrow('first')
    expect(slowEnded).toBe(true)
    expect(await askTogether<[number, string]>([Promise.resolve(1), Promise.resolve('a')])).toEqual([1, 'a'])
  })
})
