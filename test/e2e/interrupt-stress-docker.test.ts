import {execa} from 'execa'
import {constants} from 'node:os'
import {describe, expect, it} from 'vitest'

import {BOTTLE_BIN} from '../support/cli.js'
import {removeImages} from '../support/docker.js'
import {inProcessBottles} from '../support/in-process.js'
import {danglingImagesOf, imagesOf, leftovers, recorded} from '../support/leaks.js'
import {seededRandom} from '../support/random.js'

/**
 * Commits interrupted at random points on the real engine: each cycle is
 * stopped after a random delay, or not at all, and its outcome is a line on
 * stderr. Whatever the point, a commit either completes (the new artifact
 * recorded) or is interrupted (BOTTLE_INTERRUPTED, exit 130/143, the previous
 * artifact still recorded); nothing else. The in-process loop found the
 * soak's "BOTTLE_STATE_ERROR, not BOTTLE_INTERRUPTED": a commit releasing the
 * last lock removed the lock folder while another was about to write its lock.
 * BOTTLE_STRESS_SEED replays a run; BOTTLE_STRESS_CYCLES (per bottle) runs longer.
 */
const SEED = Number(process.env.BOTTLE_STRESS_SEED ?? Date.now() % 1_000_000)
const CYCLES = Number(process.env.BOTTLE_STRESS_CYCLES ?? 25)
const CLI_CYCLES = Math.ceil(CYCLES / 4)
const SLUGS = Array.from({length: 4}, (_, i) => `stress${process.pid}-${i}`)
// Sized for two loaded cores: up to about 2 s a commit in-process and 7 s through the CLI, bottles side by side.
const BUDGET_MS = 60_000 + CYCLES * 3000
const CLI_BUDGET_MS = 60_000 + CLI_CYCLES * 10_000
const bottles = inProcessBottles(SLUGS)

interface Outcome {
  readonly outcome: string
  /** Set when the outcome breaks the rule. */
  readonly wrong?: string
}

/** One commit through the host's flow in-process, aborted after `at` ms (never when undefined). */
async function inProcessCycle(slug: string, at: number | undefined): Promise<Outcome> {
  const stateRoot = bottles.box().stateDir
  const previous = await recorded(stateRoot, slug)
  const controller = new AbortController()
  const timer = at === undefined ? undefined : setTimeout(() => controller.abort(), at)
  try {
    const {artifact} = await bottles.commit(slug, {signal: controller.signal})
    return await committed(slug, previous, artifact)
  } catch (error) {
    const {code, message} = error as {code?: string; message: string}
    if (code !== 'BOTTLE_INTERRUPTED') return {outcome: `${code}: ${message}`, wrong: `${code ?? 'an error'} instead of BOTTLE_INTERRUPTED`}
    return interrupted(slug, previous, `interrupted (${message})`)
  } finally {
    clearTimeout(timer)
  }
}

/**
 * When a cycle is stopped: after so many ms (in-process: from the start; the CLI: from its first progress line,
 * when bottle handles the signals), once the CLI has printed its last line ('end'), or never (undefined).
 */
type Point = number | 'end' | undefined

/** One `bottle commit` process, sent `signal` at `at`. */
async function cliCycle(slug: string, at: Point, signal: 'SIGINT' | 'SIGTERM'): Promise<Outcome> {
  const box = bottles.box()
  const previous = await recorded(box.stateDir, slug)
  const child = execa(process.execPath, [BOTTLE_BIN, 'commit', slug], {env: box.env, cwd: box.dir, reject: false})
  let timer: NodeJS.Timeout | undefined
  let seen = ''
  child.stderr.on('data', (chunk: Buffer) => {
    if (typeof at === 'number' && seen === '') timer = setTimeout(() => child.kill(signal), at)
    seen += chunk.toString()
    // The docker backend's export hint ends the output.
    if (at === 'end' && / load -i .*\n/.test(seen)) child.kill(signal)
  })
  const run = await child.finally(() => clearTimeout(timer))
  const said = run.stderr.split('\n').findLast((line) => line.startsWith('bottle: ')) ?? ''
  if (run.exitCode === 0) return committed(slug, previous, run.stdout)
  const expected = 128 + constants.signals[signal]
  if (run.exitCode !== expected)
    return {outcome: `exit ${run.exitCode ?? run.signal}: ${said}`, wrong: `exit ${run.exitCode ?? run.signal} instead of ${expected}; stderr: ${JSON.stringify(run.stderr)}`}
  return interrupted(slug, previous, `exit ${expected}, ${said}`)
}

async function committed(slug: string, previous: string | undefined, artifact: string): Promise<Outcome> {
  const now = await recorded(bottles.box().stateDir, slug)
  // Retention as a user would do it: only the recorded image is kept.
  if (previous) await removeImages(previous)
  return {outcome: `committed ${artifact}`, wrong: now === artifact ? undefined : `committed ${artifact}, but ${now} is recorded`}
}

async function interrupted(slug: string, previous: string | undefined, outcome: string): Promise<Outcome> {
  const now = await recorded(bottles.box().stateDir, slug)
  return {outcome, wrong: now === previous ? undefined : `interrupted, but the record changed from ${previous} to ${now}`}
}

/** Runs each bottle's cycles one after the other, the bottles side by side; logs every outcome; returns the wrong ones. */
async function stress<P extends Point>(
  kind: string,
  plans: ReadonlyArray<ReadonlyArray<{slug: string; at: P}>>,
  cycle: (slug: string, at: P) => Promise<Outcome>,
): Promise<string[]> {
  const wrong: string[] = []
  await Promise.all(
    plans.map(async (plan) => {
      for (const [n, {slug, at}] of plan.entries()) {
        const began = performance.now()
        const result = await cycle(slug, at)
        const line = `${kind} ${slug} #${n} stopped ${at === undefined ? 'never' : at === 'end' ? 'at the end' : `at ${at} ms`}: ${result.outcome} (${Math.round(performance.now() - began)} ms)`
        process.stderr.write(`stress: ${result.wrong ? 'WRONG ' : ''}${line}\n`)
        if (result.wrong) wrong.push(`${line}: ${result.wrong}`)
      }
    }),
  )
  return wrong
}

/** Random stopping points: a quarter never; of the rest, half within `early` ms (the lock, the state checks), half anywhere in `span`. */
function plan(random: () => number, slugs: readonly string[], cycles: number, early: number, span: number) {
  const point = (draw: number) => (draw < 0.25 ? undefined : Math.round(random() * (draw < 0.625 ? early : span * 1.2)))
  return slugs.map((slug) => Array.from({length: cycles}, () => ({slug, at: point(random())})))
}

async function expectConsistent(): Promise<void> {
  for (const slug of SLUGS) {
    const artifact = await recorded(bottles.box().stateDir, slug)
    expect({slug, images: await imagesOf(slug), dangling: await danglingImagesOf(slug)}).toEqual({slug, images: artifact ? [artifact] : [], dangling: []})
  }

  expect(await leftovers(bottles.box().stateDir)).toEqual([])
}

describe('stress: commits interrupted at random points on the real engine', () => {
  const random = seededRandom(SEED)

  it(
    'in-process: every cycle commits or is interrupted, never anything else; the record and the images stay consistent',
    async () => {
      process.stderr.write(`stress: seed ${SEED} (BOTTLE_STRESS_SEED=${SEED} replays it), ${CYCLES} cycles for each of ${SLUGS.length} bottles\n`)
      // A first commit each, timed: the random points fall within what a commit takes here and now.
      const started = performance.now()
      await Promise.all(SLUGS.map((slug) => bottles.commit(slug)))
      // Early points make short cycles: much taking and releasing of locks side by side.
      expect(await stress('in-process', plan(random, SLUGS, CYCLES, 50, performance.now() - started), inProcessCycle)).toEqual([])
      await expectConsistent()
    },
    BUDGET_MS,
  )

  it(
    'the CLI: SIGINT or SIGTERM at any point exits 0 with the artifact recorded, or 130/143 with the record unchanged; never another code',
    async () => {
      const pair = SLUGS.slice(0, 2)
      const started = performance.now()
      expect(await stress('cli', [pair.map((slug) => ({slug, at: undefined}))], (slug) => cliCycle(slug, undefined, 'SIGINT'))).toEqual([])
      const signals = ['SIGINT', 'SIGTERM'] as const
      const plans = plan(random, pair, CLI_CYCLES, 300, (performance.now() - started) / 2)
      expect(await stress('cli', plans, (slug, at) => cliCycle(slug, at, signals[Math.floor(random() * 2)]!))).toEqual([])
      await expectConsistent()
    },
    CLI_BUDGET_MS,
  )

  it(
    'the CLI: a signal once a commit has printed its result still exits 0, not by the signal: bottle keeps its handlers to the end',
    async () => {
      const plans = SLUGS.slice(0, 2).map((slug) => Array.from({length: CLI_CYCLES}, () => ({slug, at: 'end' as const})))
      expect(await stress('cli', plans, (slug) => cliCycle(slug, 'end', 'SIGTERM'))).toEqual([])
      await expectConsistent()
    },
    CLI_BUDGET_MS,
  )
})
