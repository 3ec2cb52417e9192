import {describe, expect, it} from 'vitest'

import {removeImages} from '../support/docker.js'
import {inProcessBottles} from '../support/in-process.js'
import {danglingImagesOf, imagesOf, leftovers, recorded} from '../support/leaks.js'

/**
 * 100 commit cycles on the real engine through the host's commit flow,
 * in-process. Four bottles cycle side by side; every fifth cycle is
 * interrupted part-way. Progress goes to stderr every ten cycles, so that a
 * slow run shows where it is rather than only that it ran out of time.
 */
const SLUGS = Array.from({length: 4}, (_, i) => `soak${process.pid}-${i}`)
const CYCLES_PER_SLUG = 25
// Measured: 50-71 s on two busy cores (a commit of 0.5-2.5 s, four at once); three times that, for a loaded CI machine.
const BUDGET_MS = 240_000
const bottles = inProcessBottles(SLUGS)

async function cycle(slug: string, n: number): Promise<'committed' | 'interrupted'> {
  const controller = new AbortController()
  // Interrupt while the freezer is still asking the engine, before the commit call.
  const interrupt = n % 5 === 4
  const stateRoot = bottles.box().stateDir
  const previous = await recorded(stateRoot, slug)
  const io = {info: (line: string) => interrupt && line.startsWith('committing') && controller.abort(), warn() {}, confirm: async () => true}
  try {
    await bottles.commit(slug, {io, signal: controller.signal, scrub: n % 2 === 0})
  } catch (error) {
    expect((error as {code?: string}).code).toBe('BOTTLE_INTERRUPTED')
    expect(await recorded(stateRoot, slug)).toBe(previous)
    return 'interrupted'
  }

  // Retention as a user would do it: only the recorded image is kept.
  if (previous) await removeImages(previous)
  return 'committed'
}

describe('soak: 100 commit cycles on the real engine', () => {
  it(
    'leaks nothing and loses nothing: one image per bottle, the recorded one; no lock, no temp file',
    async () => {
      const started = performance.now()
      const all: string[] = []
      await Promise.all(
        SLUGS.map(async (slug) => {
          for (let n = 0; n < CYCLES_PER_SLUG; n++) {
            all.push(await cycle(slug, n))
            if (all.length % 10 === 0) process.stderr.write(`soak: ${all.length}/${SLUGS.length * CYCLES_PER_SLUG} cycles, ${Math.round((performance.now() - started) / 1000)} s\n`)
          }
        }),
      )
      expect(all).toHaveLength(100)
      expect(all.filter((outcome) => outcome === 'interrupted')).toHaveLength(20)
      for (const slug of SLUGS) {
        const artifact = await recorded(bottles.box().stateDir, slug)
        expect(artifact).toBeDefined()
        expect(await imagesOf(slug)).toEqual([artifact])
        expect(await danglingImagesOf(slug)).toEqual([])
      }

      expect(await leftovers(bottles.box().stateDir)).toEqual([])
    },
    BUDGET_MS,
  )
})
