import {readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {ErrorCode} from '../contract/errors.js'
import {API_VERSION} from '../contract/api-version.js'
import type {Freezer} from '../contract/freezer.js'
import {scratchFolders} from './scratch.js'
import {type Answer, testFreezeContext} from './test-freeze-context.js'

/** One situation of your tool's double, set up fresh for one test. */
export interface Scenario {
  readonly slug: string
  /** Environment for the tools: the double on PATH, its state folder. */
  readonly env?: Record<string, string>
  /** `backends.<name>` options for this run. */
  readonly options?: Record<string, unknown>
}

export interface ConformanceSuite {
  /** Shown in the test names. */
  readonly name: string
  /** Your freezer: the default export of your freezer module. */
  // biome-ignore lint/suspicious/noExplicitAny: a suite takes any plugin's freezer, whatever its options type
  readonly freezer: Freezer<any>
  /** A bottle that can be frozen as it is (stopped, if your backend needs it stopped). */
  ready(): Promise<Scenario>
  /** A bottle whose name your tool does not know. */
  missing(): Promise<Scenario>
  /** A bottle on which your tool fails, and the words of the tool's error that must reach the user. */
  toolFails(): Promise<Scenario & {readonly toolMessage: string}>
  /** A running bottle, if your backend asks before stopping one (capability needs-stop). */
  running?(): Promise<Scenario>
}

/**
 * The contract every freezer must keep, as vitest tests: call it at the top
 * level of a test file with scenarios of your tool's double. The shipped
 * backends run this same suite.
 */
export function describeFreezerConformance(suite: ConformanceSuite): void {
  const scratch = scratchFolders()
  const run = async (scenario: Scenario, answer: Answer = 'yes', signal?: AbortSignal) => {
    const stateDir = await scratch.make()
    await writeFile(join(stateDir, 'metadata.json'), METADATA)
    const harness = await testFreezeContext(suite.freezer, {...scenario, stateDir, answer, signal})
    const outcome = await suite.freezer.freeze(harness.ctx).then(
      (artifact) => ({artifact, error: undefined}),
      (error: unknown) => ({artifact: undefined, error: error as {code?: string; message?: string}}),
    )
    return {...harness, ...outcome, stateDir}
  }

  describe(`freezer conformance: ${suite.name}`, () => {
    afterAll(() => scratch.cleanup())

    it(`declares API version ${API_VERSION} and a freeze function`, () => {
      expect(suite.freezer.apiVersion).toBe(API_VERSION)
      expect(typeof suite.freezer.freeze).toBe('function')
    })

    it('accepts an empty options object (every option has a default)', async () => {
      const result = await suite.freezer.optionsSchema?.['~standard'].validate({})
      expect(result?.issues).toBeUndefined()
    })

    it('returns an artifact reference for a bottle ready to freeze', async () => {
      const {artifact, error} = await run(await suite.ready())
      expect(error).toBeUndefined()
      expect(typeof artifact).toBe('string')
      expect(artifact!.trim()).not.toBe('')
    })

    it('leaves the per-bottle state to the host: metadata untouched, no commit record, no preserved mark', async () => {
      const {stateDir, error} = await run(await suite.ready())
      expect(error).toBeUndefined()
      expect(await readFile(join(stateDir, 'metadata.json'), 'utf8')).toBe(METADATA)
      const entries = await readdir(stateDir)
      expect(entries).not.toContain('committed.json')
      expect(entries).not.toContain('preserved')
    })

    it('gives the commands to move the artifact, naming it, if it gives any', async () => {
      const {artifact, ctx} = await run(await suite.ready())
      const hint = suite.freezer.exportHint?.({slug: ctx.slug, bottleName: ctx.bottleName, artifact: artifact!, options: ctx.options})
      if (hint === undefined) return
      expect(Array.isArray(hint)).toBe(true)
      expect(hint.every((line) => typeof line === 'string')).toBe(true)
      expect(hint.join('\n')).toContain(artifact!.split('/').at(-1))
    })

    it('stops at once when the abort signal has fired, returning no artifact', async () => {
      const controller = new AbortController()
      controller.abort()
      const {artifact, error, stateDir} = await run(await suite.ready(), 'yes', controller.signal)
      expect(artifact).toBeUndefined()
      expect(error?.code).toBe(ErrorCode.Interrupted)
      // Nothing half made is left where the host would find it.
      expect(await readdir(stateDir)).toEqual(['metadata.json'])
    })

    it('reports a missing bottle as BOTTLE_NOT_FOUND', async () => {
      const {error} = await run(await suite.missing())
      expect(error?.code).toBe(ErrorCode.BottleNotFound)
    })

    it("reports a tool failure as BOTTLE_TOOL_FAILED with the tool's own message", async () => {
      const scenario = await suite.toolFails()
      const {error} = await run(scenario)
      expect(error?.code).toBe(ErrorCode.ToolFailed)
      expect(error?.message).toContain(scenario.toolMessage)
    })

    if (suite.running) {
      const running = suite.running
      it('asks before stopping a running bottle, and a "no" cancels the commit', async () => {
        const {asked, error, artifact} = await run(await running(), 'no')
        expect(asked).toHaveLength(1)
        expect(artifact).toBeUndefined()
        expect(error?.code).toBe(ErrorCode.Cancelled)
      })

      it('never stops a running bottle silently when nobody can answer', async () => {
        const {error} = await run(await running(), 'no-terminal')
        expect(error?.code).toBe(ErrorCode.ConfirmationRequired)
      })
    }
  })
}

/** The per-bottle metadata the suites write, as the host would have: the freezer must leave it as it is. */
export const METADATA = JSON.stringify({backend: 'test', agentName: 'test-agent', startedAt: '2026-01-01T00:00:00.000Z'})
