import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BOTTLE_BIN, type Sandbox, makeSandbox} from '../support/cli.js'
import {TEST_IMAGE} from '../support/docker.js'
import {bulkUp, imagesOf, leftovers, recorded, untilCommitting} from '../support/leaks.js'
import {type PrivateEngine, privateEngine} from '../support/private-engine.js'

const slug = `down-${process.pid}`
const container = `bot-bottle-${slug}`
let engine: PrivateEngine
let box: Sandbox

beforeAll(async () => {
  box = await makeSandbox()
  engine = await privateEngine()
  await execa('docker', ['run', '-d', '--network', 'none', '--name', container, TEST_IMAGE, 'sleep', '100000'], {env: engine.env})
  // Enough changes that the commit is still running when the engine dies.
  await bulkUp(container, 150, {env: engine.env})
})

afterAll(async () => {
  await engine?.stop()
  await box?.cleanup()
})

describe('the Docker engine dies mid-commit', () => {
  it('fails with the tool failure, records nothing, leaves no lock; after the engine is back a retry commits', async () => {
    const child = execa(process.execPath, [BOTTLE_BIN, 'commit', slug], {env: {...box.env, ...engine.env}, reject: false})
    let running = true
    void child.finally(() => (running = false))
    expect(await untilCommitting(container, () => running, {env: engine.env})).toBe(true)
    await engine.kill()

    const failed = await child
    expect(failed.exitCode).toBe(5)
    expect(failed.stdout).toBe('')
    expect(failed.stderr.trim().split('\n').at(-1)).toMatch(/^bottle: docker commit of bot-bottle-down-\d+ failed: .+/)
    expect(await recorded(box.stateDir, slug)).toBeUndefined()
    expect(await leftovers(box.stateDir)).toEqual([])

    await engine.start()
    const retry = await execa(process.execPath, [BOTTLE_BIN, 'commit', slug], {env: {...box.env, ...engine.env}, reject: false})
    expect(retry.stderr).not.toMatch(/\n\s+at /)
    expect(retry.exitCode).toBe(0)
    expect(await recorded(box.stateDir, slug)).toBe(retry.stdout)
    expect(await imagesOf(slug, {env: engine.env})).toContain(retry.stdout)
    expect(await leftovers(box.stateDir)).toEqual([])
  })
})
