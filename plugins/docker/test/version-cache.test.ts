import {execa} from 'execa'
import {chmod, mkdtemp, readFile, readdir, rm, symlink, utimes, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {versionOf as keptOnExit} from '../src/version-cache.js'

/** As bottle runs it, with the write that waits for a successful exit done at once (test/e2e/engine-version-cache.test.ts covers the exit). */
const versionOf = (ctx: Parameters<typeof keptOnExit>[0], binary: string) => keptOnExit(ctx, binary, (write) => write())

let dir: string
let bin: string
let cacheDir: string
const asked = async () => (await readFile(join(dir, 'asked'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length

/** A `docker` on a PATH of its own that counts the times it is asked, and answers `answer`. */
async function fakeDocker(answer = 'Docker version 28.2.2, build e6534b4', exitCode = 0): Promise<void> {
  await writeFile(join(bin, 'docker'), `#!/bin/sh\necho x >> ${join(dir, 'asked')}\necho '${answer}'\nexit ${exitCode}\n`)
  await chmod(join(bin, 'docker'), 0o755)
}

function context(withCache = true) {
  return {
    ...(withCache ? {cacheDir} : {}),
    toolEnv: {PATH: bin},
    exec: async (file: string, args: readonly string[]) => {
      const run = await execa(file, args, {reject: false, env: {PATH: bin}})
      return {exitCode: run.exitCode ?? 1, stdout: run.stdout, stderr: run.stderr}
    },
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bottle-version-cache-'))
  bin = join(dir, 'bin')
  cacheDir = join(dir, 'cache', 'backends', 'docker')
  await execa('mkdir', ['-p', bin])
})
afterEach(() => rm(dir, {recursive: true, force: true}))

describe("the client's --version, kept per version of its file", () => {
  it('asks once, then answers from the cache, however the binary is reached (a link, a path)', async () => {
    await fakeDocker()
    expect(await versionOf(context(), 'docker')).toEqual({exitCode: 0, stdout: 'Docker version 28.2.2, build e6534b4', stderr: ''})
    expect(await versionOf(context(), 'docker')).toEqual({exitCode: 0, stdout: 'Docker version 28.2.2, build e6534b4', stderr: ''})
    await symlink(join(bin, 'docker'), join(bin, 'docker-link'))
    await versionOf(context(), 'docker-link')
    await versionOf(context(), join(bin, 'docker'))
    expect(await asked()).toBe(1)
    expect((await readdir(cacheDir)).filter((file) => file.endsWith('.tmp'))).toEqual([])
  })

  it('asks again when the binary changes (another engine installed as docker)', async () => {
    await fakeDocker()
    await versionOf(context(), 'docker')
    await fakeDocker('podman version 4.3.1')
    await utimes(join(bin, 'docker'), new Date(), new Date(Date.now() + 5000))
    expect((await versionOf(context(), 'docker')).stdout).toBe('podman version 4.3.1')
    expect(await asked()).toBe(2)
  })

  it('keeps no failed answer, asks without a cache or a binary it can find, and replaces a damaged cache file', async () => {
    await fakeDocker('oops', 3)
    expect((await versionOf(context(), 'docker')).exitCode).toBe(3)
    expect((await versionOf(context(), 'docker')).exitCode).toBe(3)
    expect(await asked()).toBe(2)

    await fakeDocker()
    await versionOf(context(false), 'docker')
    await versionOf(context(false), 'docker')
    expect(await asked()).toBe(4)

    await versionOf(context(), 'docker')
    for (const file of await readdir(cacheDir)) await writeFile(join(cacheDir, file), '{"stdout": ')
    expect((await versionOf(context(), 'docker')).stdout).toBe('Docker version 28.2.2, build e6534b4')
    expect((await versionOf(context(), 'docker')).stdout).toBe('Docker version 28.2.2, build e6534b4')
    expect(await asked()).toBe(6)

    // Not on PATH: asked all the same, so that the failure is the tool's own, as before.
    expect((await versionOf(context(), 'no-such-docker')).exitCode).not.toBe(0)
    expect(await readdir(cacheDir)).toHaveLength(1)
  })
})
