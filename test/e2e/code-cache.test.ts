import {chmod, readFile, readdir, rename, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeSandbox} from '../support/cli.js'

// The vendor bundles (oclif; zod and cosmiconfig) are loaded with V8's code cache, kept in the cache dir.
describe('the code cache of the vendor bundles', () => {
  it('is written by the first run and used by the next ones, which load commands through import() from cached code', async () => {
    const box = await makeSandbox()
    try {
      const first = await box.bottle(['backends', '--json'])
      expect(first.exitCode).toBe(0)
      const caches = await readdir(join(box.env.BOTTLE_CACHE_DIR, 'v8'))
      expect(caches.filter((file) => /^[0-9a-f]{16}-[0-9a-f]{16}\.bin$/.test(file))).toHaveLength(2)
      for (let run = 0; run < 2; run++) {
        const again = await box.bottle(['backends', '--json'])
        expect(again.exitCode).toBe(0)
        expect(again.stdout).toBe(first.stdout)
      }

      expect(await readdir(join(box.env.BOTTLE_CACHE_DIR, 'v8'))).toEqual(caches)
    } finally {
      await box.cleanup()
    }
  })

  it("removes a bundle's older caches (an earlier build, another Node) when it writes a new one", async () => {
    const box = await makeSandbox()
    try {
      await box.bottle(['--help'])
      const dir = join(box.env.BOTTLE_CACHE_DIR, 'v8')
      const current = await readdir(dir)
      for (const file of current) await rename(join(dir, file), join(dir, `${file.slice(0, 17)}0000000000000000.bin`))
      expect(await readdir(dir)).not.toEqual(current)
      expect((await box.bottle(['--help'])).exitCode).toBe(0)
      expect(await readdir(dir)).toEqual(current)
    } finally {
      await box.cleanup()
    }
  })

  it('replaces a damaged cache, and the command works all the same', async () => {
    const box = await makeSandbox()
    try {
      const first = await box.bottle(['backends', '--json'])
      const dir = join(box.env.BOTTLE_CACHE_DIR, 'v8')
      for (const file of await readdir(dir)) await writeFile(join(dir, file), 'not a code cache')
      const damaged = await box.bottle(['backends', '--json'])
      expect(damaged.exitCode).toBe(0)
      expect(damaged.stdout).toBe(first.stdout)
      expect(damaged.stderr).toBe('')
      for (const file of await readdir(dir)) expect((await readFile(join(dir, file))).toString('latin1')).not.toBe('not a code cache')
      const again = await box.bottle(['backends', '--json'])
      expect(again.stdout).toBe(first.stdout)
    } finally {
      await box.cleanup()
    }
  })

  it('is not written by a run that fails', async () => {
    const box = await makeSandbox()
    try {
      const run = await box.bottle(['commit', 'Not A Slug'])
      expect(run.exitCode).toBe(2)
      await expect(readdir(box.env.BOTTLE_CACHE_DIR)).rejects.toThrow(/ENOENT/)
    } finally {
      await box.cleanup()
    }
  })

  it('is left out where the cache dir cannot be written', async () => {
    const box = await makeSandbox()
    try {
      const blocked = join(box.dir, 'blocked')
      await writeFile(blocked, 'a file where the cache dir should be')
      await chmod(blocked, 0o400)
      const run = await box.bottle(['backends', '--json'], {env: {BOTTLE_CACHE_DIR: join(blocked, 'cache')}})
      expect(run.exitCode).toBe(0)
      expect(JSON.parse(run.stdout).backends.length).toBeGreaterThan(0)
      expect(run.stderr).toBe('')
    } finally {
      await box.cleanup()
    }
  })
})
