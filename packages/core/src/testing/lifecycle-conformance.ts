import {readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, afterEach, describe, expect, it} from 'vitest'

import {API_VERSION} from '../contract/api-version.js'
import type {FreezeContext, Freezer} from '../contract/freezer.js'
import type {Lifecycle} from '../contract/lifecycle.js'
import {METADATA, type Scenario} from './conformance.js'
import {scratchFolders} from './scratch.js'
import {testFreezeContext} from './test-freeze-context.js'

/** A fresh situation of your tool (or its double) in which the suite launches its own bottle. */
export interface LifecycleScenario extends Scenario {
  /** What `launch` starts the bottle from: what `bottle launch --image` means for your backend. */
  readonly source: string
  /** The command the bottle runs (`bottle launch -- <command>`); empty for the source's own. */
  readonly command?: readonly string[]
}

export interface LifecycleConformanceSuite {
  /** Shown in the test names. */
  readonly name: string
  /** Your freezer: the resume and export scenarios freeze a bottle to get an artifact. */
  // biome-ignore lint/suspicious/noExplicitAny: a suite takes any plugin's freezer, whatever its options type
  readonly freezer: Freezer<any>
  /** Your lifecycle: the default export of your lifecycle module. Each member it has is tested. */
  // biome-ignore lint/suspicious/noExplicitAny: a suite takes any plugin's lifecycle, whatever its options type
  readonly lifecycle: Lifecycle<any>
  /** A fresh scenario with no bottle in it yet; called once per test. */
  scenario(): Promise<LifecycleScenario>
}

/**
 * The lifecycle contract as vitest tests, one scenario per operation: call it
 * at the top level of a test file. An operation your lifecycle does not have
 * is not tested (the host reports it as unsupported); every one it has must
 * keep the rules below. What each test launches or freezes is removed again
 * with your own `remove` and `removeArtifact`, and its temp folders with it.
 */
export function describeLifecycleConformance(suite: LifecycleConformanceSuite): void {
  const {freezer, lifecycle} = suite
  const has = (operation: keyof Lifecycle) => typeof lifecycle[operation] === 'function'
  const scratch = scratchFolders()
  // Bottles go before artifacts: an engine keeps an image a container still uses.
  const bottles: Array<() => Promise<unknown>> = []
  const artifacts: Array<() => Promise<unknown>> = []

  /** A bottle of this scenario's, not launched yet, with a fresh state folder. */
  const open = async (scenario?: LifecycleScenario) => {
    const given = scenario ?? (await suite.scenario())
    const stateDir = await scratch.make()
    await writeFile(join(stateDir, 'metadata.json'), METADATA)
    const {ctx} = await testFreezeContext(freezer, {...given, stateDir, answer: 'yes'})
    if (has('remove')) {
      bottles.push(async () => {
        if (!has('status') || (await lifecycle.status!(ctx)) !== 'missing') await lifecycle.remove!(ctx)
      })
    }

    return {scenario: given, ctx}
  }

  const launch = (ctx: FreezeContext, scenario: LifecycleScenario, source = scenario.source, fromArtifact = false) =>
    lifecycle.launch!(ctx, {source, fromArtifact, env: [], command: scenario.command ?? [], run: {}})

  /** Freezes a launched bottle, the way `bottle commit` does; the artifact is removed after the test. */
  const freeze = async (ctx: FreezeContext) => {
    const artifact = await freezer.freeze(ctx)
    if (has('removeArtifact')) artifacts.push(() => lifecycle.removeArtifact!(ctx, artifact))
    return artifact
  }

  const gone = async (ctx: FreezeContext) => expect(await lifecycle.status!(ctx)).toBe('missing')
  const present = async (ctx: FreezeContext) => expect(['running', 'stopped']).toContain(await lifecycle.status!(ctx))

  describe(`lifecycle conformance: ${suite.name}`, () => {
    afterEach(async () => {
      for (const cleanup of [...bottles.splice(0), ...artifacts.splice(0)]) await cleanup().catch(() => undefined)
    })
    afterAll(() => scratch.cleanup())

    it(`declares API version ${API_VERSION}, and every other member is a function`, () => {
      expect(lifecycle.apiVersion).toBe(API_VERSION)
      for (const [key, value] of Object.entries(lifecycle)) {
        if (key !== 'apiVersion') expect(typeof value, key).toBe('function')
      }
    })

    if (has('launch') && !(has('status') && has('remove'))) {
      it('has status and remove beside launch: the host checks and cleans up what it launches', () => {
        expect(has('status') && has('remove')).toBe(true)
      })
    }

    if (has('status')) {
      it('reports a bottle that does not exist as missing', async () => {
        const {ctx} = await open()
        await gone(ctx)
      })
    }

    if (has('launch') && has('status') && has('remove')) {
      it('launches a bottle that then exists, and refuses to launch over it', async () => {
        const {ctx, scenario} = await open()
        await launch(ctx, scenario)
        await present(ctx)
        await expect(launch(ctx, scenario)).rejects.toHaveProperty('code')
        await present(ctx)
      })

      it('removes a bottle, running or not, and removing a missing one is not an error', async () => {
        const {ctx, scenario} = await open()
        await launch(ctx, scenario)
        await lifecycle.remove!(ctx)
        await gone(ctx)
        await lifecycle.remove!(ctx)
        await gone(ctx)
      })
    }

    if (has('launch') && has('status') && has('stop')) {
      it('stops a bottle, and stopping a stopped one is not an error', async () => {
        const {ctx, scenario} = await open()
        await launch(ctx, scenario)
        await lifecycle.stop!(ctx)
        expect(await lifecycle.status!(ctx)).toBe('stopped')
        await lifecycle.stop!(ctx)
        expect(await lifecycle.status!(ctx)).toBe('stopped')
      })
    }

    if (has('launch') && has('status') && has('stop') && has('start')) {
      it('starts a stopped bottle again', async () => {
        const {ctx, scenario} = await open()
        await launch(ctx, scenario)
        await lifecycle.stop!(ctx)
        await lifecycle.start!(ctx)
        expect(await lifecycle.status!(ctx)).toBe('running')
      })
    }

    if (has('launch') && has('status') && has('remove')) {
      it('resumes: launches a new bottle from an artifact its freezer made', async () => {
        const {ctx, scenario} = await open()
        await launch(ctx, scenario)
        const artifact = await freeze(ctx)
        await lifecycle.remove!(ctx)
        await launch(ctx, scenario, artifact, true)
        await present(ctx)
      })
    }

    if (has('launch') && has('remove') && has('exportArtifact') && has('importArtifact')) {
      it('exports an artifact into an empty folder and imports it back as one a bottle launches from', async () => {
        const {ctx, scenario} = await open()
        await launch(ctx, scenario)
        const artifact = await freeze(ctx)
        await lifecycle.remove!(ctx)
        const dir = await scratch.make()
        await lifecycle.exportArtifact!(ctx, artifact, dir)
        expect(await readdir(dir)).not.toEqual([])
        // As on another host: the artifact itself is gone, only the folder is left.
        if (has('removeArtifact')) await lifecycle.removeArtifact!(ctx, artifact)

        const imported = await lifecycle.importArtifact!(ctx, artifact, dir)
        expect(typeof imported).toBe('string')
        expect(imported.trim()).not.toBe('')
        if (has('removeArtifact')) artifacts.push(() => lifecycle.removeArtifact!(ctx, imported))
        await launch(ctx, scenario, imported, true)
        await present(ctx)
      })
    }

    if (has('launch') && has('remove') && has('removeArtifact')) {
      it('removes an artifact, and removing one that is gone is not an error', async () => {
        const {ctx, scenario} = await open()
        await launch(ctx, scenario)
        const artifact = await freezer.freeze(ctx)
        await lifecycle.removeArtifact!(ctx, artifact)
        await lifecycle.removeArtifact!(ctx, artifact)
      })
    }

    if (has('binary')) {
      it('names the binary its options make it drive', async () => {
        const {ctx} = await open()
        const binary = lifecycle.binary!(ctx)
        expect(typeof binary).toBe('string')
        expect(binary.trim()).not.toBe('')
      })
    }

    if (has('toolVersion')) {
      it("reports the tool's version as a non-empty string", async () => {
        const {ctx} = await open()
        const version = await lifecycle.toolVersion!(ctx)
        expect(typeof version).toBe('string')
        expect(version.trim()).not.toBe('')
      })
    }
  })
}
