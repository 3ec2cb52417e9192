import {describe, expect, it} from 'vitest'

import {removeImages} from '../support/docker.js'
import {inProcessBottles} from '../support/in-process.js'
import {danglingImagesOf, imagesOf, leftovers, recorded} from '../support/leaks.js'
import {seededRandom} from '../support/random.js'

/**
 * Commits interrupted at random points on the real engine, through the host's
 * commit flow in-process (the lock, the state, the docker freezer): bottles
 * side by side, each cycle aborted after a random delay or not at all, each
 * outcome a line on stderr. Whatever the point, a cycle either commits (the
 * new artifact recorded) or is interrupted (BOTTLE_INTERRUPTED, the previous
 * artifact still recorded); nothing else. It is what found the soak's
 * "BOTTLE_STATE_ERROR, not BOTTLE_INTERRUPTED": a commit releasing the last
 * lock removed the lock folder while another was about to write its lock.
 * BOTTLE_STRESS_SEED replays a run; BOTTLE_STRESS_CYCLES (per bottle) runs longer.
 */
const SEED = Number(process.env.BOTTLE_STRESS_SEED ?? Date.now() % 1_000_000)
const CYCLES = Number(process.env.BOTTLE_STRESS_CYCLES ?? 25)
const SLUGS = Array.from({length: 4}, (_, i) => `stress${process.pid}-${i}`)
// Sized for two loaded cores: a commit cycle there takes up to about 2 s, four bottles at once.
const BUDGET_MS = 60_000 + CYCLES * 3000
const bottles = inProcessBottles(SLUGS)

/** One commit, aborted after `abortAfter` ms (never when undefined); says what became of it, or what went wrong. */
async function cycle(slug: string, abortAfter: number | undefined): Promise<{outcome: string; wrong?: string}> {
  const stateRoot = bottles.box().stateDir
  const previous = await recorded(stateRoot, slug)
  const controller = new AbortController()
  const timer = abortAfter === undefined ? undefined : setTimeout(() => controller.abort(), abortAfter)
  try {
    const {artifact} = await bottles.commit(slug, {signal: controller.signal})
    const now = await recorded(stateRoot, slug)
    // Retention as a user would do it: only the recorded image is kept.
    if (previous) await removeImages(previous)
    return {outcome: `committed ${artifact}`, wrong: now === artifact ? undefined : `committed ${artifact}, but ${now} is recorded`}
  } catch (error) {
    const {code, message} = error as {code?: string; message: string}
    const now = await recorded(stateRoot, slug)
    if (code !== 'BOTTLE_INTERRUPTED') return {outcome: `${code}: ${message}`, wrong: `${code ?? 'an error'} instead of BOTTLE_INTERRUPTED: ${message}`}
    return {outcome: `interrupted (${message})`, wrong: now === previous ? undefined : `interrupted, but the record changed from ${previous} to ${now}`}
  } finally {
    clearTimeout(timer)
  }
}

describe('stress: commits interrupted at random points on the real engine', () => {
  it(
    'every cycle commits or is interrupted, never anything else; the record and the images stay consistent',
    async () => {
      const random = seededRandom(SEED)
      process.stderr.write(`stress: seed ${SEED} (BOTTLE_STRESS_SEED=${SEED} replays it), ${CYCLES} cycles for each of ${SLUGS.length} bottles\n`)
      // A first commit each, timed: the random points fall within what a commit takes here and now.
      const started = performance.now()
      await Promise.all(SLUGS.map((slug) => bottles.commit(slug)))
      const span = performance.now() - started
      // A quarter never aborted; the rest half in the first 50 ms (the lock, the state checks: short cycles, much
      // taking and releasing of locks side by side), half anywhere in a commit (the engine's steps, the recording).
      const point = (draw: number) => (draw < 0.25 ? undefined : Math.round(random() * (draw < 0.625 ? 50 : span * 1.2)))
      const plans = SLUGS.map((slug) => Array.from({length: CYCLES}, () => ({slug, at: point(random())})))

      const wrong: string[] = []
      await Promise.all(
        plans.map(async (plan) => {
          for (const [n, {slug, at}] of plan.entries()) {
            const began = performance.now()
            const result = await cycle(slug, at)
            const line = `${slug} #${n} abort ${at === undefined ? 'never' : `at ${at} ms`}: ${result.outcome} (${Math.round(performance.now() - began)} ms)`
            process.stderr.write(`stress: ${result.wrong ? 'WRONG ' : ''}${line}\n`)
            if (result.wrong) wrong.push(`${line}: ${result.wrong}`)
          }
        }),
      )
      expect(wrong).toEqual([])
      for (const slug of SLUGS) {
        const artifact = await recorded(bottles.box().stateDir, slug)
        expect(await imagesOf(slug)).toEqual([artifact])
        expect(await danglingImagesOf(slug)).toEqual([])
      }

      expect(await leftovers(bottles.box().stateDir)).toEqual([])
    },
    BUDGET_MS,
  )
})
