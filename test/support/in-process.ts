import {afterAll, beforeAll} from 'vitest'

import {type BackendRegistry, type BottleConfig, type CommitRequest, type CommitResult, commitBottle} from '../../packages/core/src/index.js'
import dockerFreezer from '../../plugins/docker/src/freezer.js'
import {type Sandbox, makeSandbox} from './cli.js'
import {removeContainers, removeImages, startContainer} from './docker.js'
import {imagesOf} from './leaks.js'

const config: BottleConfig = {prefix: 'bot-bottle-', backendPlugins: {}, trustedPlugins: [], backends: {}, backendSources: {}, files: []}
const registry = {load: async () => ({freezer: dockerFreezer})} as unknown as BackendRegistry
const quiet = {info() {}, warn() {}, confirm: async () => true}

/**
 * Bottles for tests that drive the host's commit flow in-process (the lock,
 * the state writes, the docker freezer) on the real engine, so that they
 * measure bottle and the engine rather than a CLI start-up per commit: a
 * sandbox and a running container per slug, removed with their images after.
 */
export function inProcessBottles(slugs: readonly string[]): {
  commit(slug: string, request?: Partial<CommitRequest>): Promise<CommitResult>
  box(): Sandbox
} {
  let box: Sandbox
  beforeAll(async () => {
    box = await makeSandbox()
    await Promise.all(slugs.map((slug) => startContainer(`bot-bottle-${slug}`)))
  })
  afterAll(async () => {
    await removeContainers(...slugs.map((slug) => `bot-bottle-${slug}`))
    for (const slug of slugs) await removeImages(...(await imagesOf(slug)))
    await box.cleanup()
  })
  return {
    commit: (slug, request = {}) => commitBottle({slug, registry, config, stateRoot: box.stateDir, io: quiet, ...request}),
    box: () => box,
  }
}
