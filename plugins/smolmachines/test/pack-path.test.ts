import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {newPackPath} from '../src/pack-path.js'

let stateDir: string
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'bottle-packs-'))
})
afterEach(() => rm(stateDir, {recursive: true, force: true}))

describe('newPackPath', () => {
  const at = new Date('2026-11-30T00:45:12.123Z')

  it('names a pack by time under <stateDir>/packs', async () => {
    expect(await newPackPath(stateDir, at)).toBe(join(stateDir, 'packs', '20261130-004512-123'))
  })

  it('never names an earlier stub or payload again', async () => {
    const first = await newPackPath(stateDir, at)
    await writeFile(first, 'stub')
    const second = await newPackPath(stateDir, at)
    expect(second).toBe(`${first}-2`)
    await writeFile(`${second}.smolmachine`, 'payload')
    expect(await newPackPath(stateDir, at)).toBe(`${first}-3`)
  })
})
