import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type BackendRegistry, type BottleConfig, commitBottle} from '../../packages/core/src/index.js'
import dockerFreezer from '../../plugins/docker/src/freezer.js'
import {type Sandbox, makeSandbox} from '../support/cli.js'
import {ENGINES, engine} from '../support/docker.js'
import {danglingImagesOf, imagesOf, leftovers, recorded} from '../support/leaks.js'

/**
 * 100 commit cycles on the real engine through the host's commit flow (the
 * lock, the state writes, the docker freezer), run in-process so that the
 * soak measures bottle and the engine rather than 100 CLI start-ups. Four
 * bottles cycle side by side; every fifth cycle is interrupted part-way.
 */
describe.each(ENGINES)('soak on the real engine: %s', (engineName) => {
  const e = engine(engineName)
  const ref = {binary: engineName}
  const SLUGS = Array.from({length: 4}, (_, i) => `soak${engineName.slice(0, 1)}${process.pid}-${i}`)
  const CYCLES_PER_SLUG = 25
  // Measured: 39-71 s on two busy cores (a commit of 0.5-2.5 s, four at once); three times that, for a loaded CI machine.
  const BUDGET_MS = 240_000
  const config: BottleConfig = {prefix: 'bot-bottle-', backendPlugins: {}, trustedPlugins: [], backends: {docker: {binary: engineName}}, backendSources: {}, files: []}
  const registry = {load: async () => ({freezer: dockerFreezer})} as unknown as BackendRegistry
  const quiet = {info() {}, warn() {}, confirm: async () => true}
  let box: Sandbox

  beforeAll(async () => {
    box = await makeSandbox()
    await Promise.all(SLUGS.map((slug) => e.startContainer(`bot-bottle-${slug}`)))
  })

  afterAll(async () => {
    await e.removeContainers(...SLUGS.map((slug) => `bot-bottle-${slug}`))
    for (const slug of SLUGS) await e.removeImages(...(await imagesOf(slug, ref)))
    await box.cleanup()
  })

  async function cycle(slug: string, n: number): Promise<'committed' | 'interrupted'> {
    const controller = new AbortController()
    // Interrupt while the freezer is still asking the engine, before the commit call.
    const interrupt = n % 5 === 4
    const previous = await recorded(box.stateDir, slug)
    const io = {...quiet, info: (line: string) => interrupt && line.startsWith('committing') && controller.abort()}
    try {
      await commitBottle({slug, registry, config, stateRoot: box.stateDir, io, signal: controller.signal, scrub: n % 2 === 0})
    } catch (error) {
      expect((error as {code?: string}).code).toBe('BOTTLE_INTERRUPTED')
      expect(await recorded(box.stateDir, slug)).toBe(previous)
      return 'interrupted'
    }

    // Retention as a user would do it: only the recorded image is kept.
    if (previous) await e.removeImages(previous)
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
              // A slow run shows where it is, rather than only that it ran out of time.
              if (all.length % 10 === 0)
                process.stderr.write(`soak ${engineName}: ${all.length}/${SLUGS.length * CYCLES_PER_SLUG} cycles, ${Math.round((performance.now() - started) / 1000)} s\n`)
            }
          }),
        )
        expect(all).toHaveLength(100)
        expect(all.filter((outcome) => outcome === 'interrupted')).toHaveLength(20)
        for (const slug of SLUGS) {
          const artifact = await recorded(box.stateDir, slug)
          expect(artifact).toBeDefined()
          expect(await imagesOf(slug, ref)).toEqual([artifact])
          expect(await danglingImagesOf(slug, ref)).toEqual([])
        }

        expect(await leftovers(box.stateDir)).toEqual([])
      },
      BUDGET_MS,
    )
  })
})
