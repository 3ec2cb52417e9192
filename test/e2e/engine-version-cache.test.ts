import {chmod, readFile, readdir, utimes, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox, userConfigWith} from '../support/cli.js'

// The docker client's --version tells Docker from podman; it is kept per version of the binary's file, written only
// by a run that succeeded, so that commands the Engine API answers start no process.
let box: Sandbox
let binary: string
let env: Record<string, string>
const versionsAsked = async () => (await readFile(join(box.dir, 'asked'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length
const kept = async () => (await readdir(join(box.env.BOTTLE_CACHE_DIR, 'backends', 'docker')).catch(() => [])).filter((file) => file.startsWith('version-'))

beforeAll(async () => {
  box = await makeSandbox()
  binary = join(box.dir, 'counting-docker')
  await writeFile(binary, `#!/bin/sh\n[ "$1" = --version ] && echo x >> ${join(box.dir, 'asked')}\nexec docker "$@"\n`)
  await chmod(binary, 0o755)
  env = await userConfigWith(box, {backends: {docker: {binary}}})
})
afterAll(() => box.cleanup())

describe("the docker client's --version", () => {
  it('is not kept by a run that fails, so a failed command leaves the disk as it was', async () => {
    const run = await box.bottle(['commit', 'nosuch'], {env})
    expect(run.exitCode, run.stderr).toBe(4)
    expect(await versionsAsked()).toBe(1)
    expect(await kept()).toEqual([])
  })

  it('is asked once, then read from the cache, until the binary changes', async () => {
    for (let i = 0; i < 3; i++) expect((await box.bottle(['ls', '--all', '--json'], {env})).exitCode).toBe(0)
    expect(await versionsAsked()).toBe(2)
    expect(await kept()).toHaveLength(1)

    await utimes(binary, new Date(), new Date(Date.now() + 5000))
    expect((await box.bottle(['ls', '--all', '--json'], {env})).exitCode).toBe(0)
    expect((await box.bottle(['ls', '--all', '--json'], {env})).exitCode).toBe(0)
    expect(await versionsAsked()).toBe(3)
  })
})
