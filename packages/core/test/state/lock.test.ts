import {execa} from 'execa'
import {mkdir, mkdtemp, readdir, stat, writeFile} from 'node:fs/promises'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {LOCK_DIR, lockBottle} from '../../src/state/lock.js'

async function root(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'bottle-lock-')), 'state')
}

/** The id of a process that has exited: a lock it held is stale. */
async function deadPid(): Promise<number> {
  const child = execa('true')
  await child
  return child.pid!
}

describe('lockBottle', () => {
  it('lets one holder at a time have a slug: a second taker fails fast with BOTTLE_BUSY naming the holder', async () => {
    const dir = await root()
    const lock = await lockBottle(dir, 'demo')
    await expect(lockBottle(dir, 'demo')).rejects.toMatchObject({code: 'BOTTLE_BUSY', message: expect.stringContaining(`pid ${process.pid}`)})
    await lock.release()
    const again = await lockBottle(dir, 'demo')
    await again.release()
  })

  it('lets different slugs be held at once', async () => {
    const dir = await root()
    const a = await lockBottle(dir, 'a')
    const b = await lockBottle(dir, 'b')
    await Promise.all([a.release(), b.release()])
  })

  it('with wait, takes the lock once the holder releases it', async () => {
    const dir = await root()
    const first = await lockBottle(dir, 'demo')
    let waited = false
    const second = lockBottle(dir, 'demo', {wait: true, onWait: () => void first.release().then(() => (waited = true))})
    await (await second).release()
    expect(waited).toBe(true)
  })

  it('stops waiting when the signal fires, with BOTTLE_INTERRUPTED', async () => {
    const dir = await root()
    const held = await lockBottle(dir, 'demo')
    const controller = new AbortController()
    const waiting = lockBottle(dir, 'demo', {wait: true, signal: controller.signal, onWait: () => controller.abort()})
    await expect(waiting).rejects.toMatchObject({code: 'BOTTLE_INTERRUPTED'})
    await held.release()
  })

  it('takes over a lock left by a process that is gone, and says whose it was', async () => {
    const dir = await root()
    const pid = await deadPid()
    await mkdir(join(dir, LOCK_DIR), {recursive: true})
    await writeFile(join(dir, LOCK_DIR, 'demo.lock'), JSON.stringify({pid, host: hostname(), token: 'old', since: '2026-01-01T00:00:00.000Z'}))
    const recovered: number[] = []
    const lock = await lockBottle(dir, 'demo', {onRecovered: (holder) => recovered.push(holder.pid)})
    expect(recovered).toEqual([pid])
    await lock.release()
  })

  it('never takes over a lock held by a live process or one on another host', async () => {
    const dir = await root()
    await mkdir(join(dir, LOCK_DIR), {recursive: true})
    await writeFile(join(dir, LOCK_DIR, 'other.lock'), JSON.stringify({pid: await deadPid(), host: 'another-host', token: 't', since: 'x'}))
    await expect(lockBottle(dir, 'other')).rejects.toMatchObject({code: 'BOTTLE_BUSY'})
  })

  // A lock and its breaker are created whole, so an empty or garbage one was never a live holder's: nobody holds it.
  for (const [what, lock, breaker] of [
    ['an empty lock', '', undefined],
    ['a garbage lock and an empty breaker', 'garbage', ''],
    ['a dead holder and a garbage breaker', JSON.stringify({pid: 2 ** 22 + 1, host: hostname(), token: 'x', since: ''}), 'pid?'],
  ] as const) {
    it(`takes over ${what} at once, and leaves no breaker behind`, async () => {
      const dir = await root()
      await mkdir(join(dir, LOCK_DIR), {recursive: true})
      await writeFile(join(dir, LOCK_DIR, 'demo.lock'), lock)
      if (breaker !== undefined) await writeFile(join(dir, LOCK_DIR, 'demo.lock.break'), breaker)
      const recovered: unknown[] = []
      const held = await lockBottle(dir, 'demo', {onRecovered: (holder) => recovered.push(holder)})
      expect(recovered).toHaveLength(1)
      expect(await readdir(join(dir, LOCK_DIR))).toEqual(['demo.lock'])
      await held.release()
    })
  }

  it('leaves no trace once released: no lock, no lock folder, no state root it had to make', async () => {
    const dir = await root()
    const lock = await lockBottle(dir, 'demo')
    expect(await readdir(join(dir, LOCK_DIR))).toEqual(['demo.lock'])
    await lock.release()
    await expect(stat(dir)).rejects.toMatchObject({code: 'ENOENT'})
  })

  it('is taken and released side by side for many slugs without a failure, though each release of the last lock removes the folder under the others', async () => {
    const dir = await root()
    const failures: string[] = []
    await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (slug) => {
        for (let n = 0; n < 500; n++) {
          try {
            await (await lockBottle(dir, slug)).release()
          } catch (error) {
            failures.push(`${slug} #${n}: ${(error as Error).message}`)
          }
        }
      }),
    )
    expect(failures).toEqual([])
    expect(await readdir(dir).catch(() => [])).toEqual([])
  })

  it('is released by `await using` when the scope throws', async () => {
    const dir = await root()
    const fail = async () => {
      await using _lock = await lockBottle(dir, 'demo')
      throw new Error('freeze failed')
    }

    await expect(fail()).rejects.toThrow('freeze failed')
    await (await lockBottle(dir, 'demo')).release()
  })

  it('reports a state root that cannot be written as a state error naming the path', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'bottle-lock-')), 'a-file')
    await writeFile(file, '')
    await expect(lockBottle(join(file, 'state'), 'demo')).rejects.toMatchObject({code: 'BOTTLE_STATE_ERROR', message: expect.stringContaining('a parent is not a folder')})
  })
})
