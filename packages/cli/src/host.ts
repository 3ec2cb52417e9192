import type {Config} from '@oclif/core/config'
import {BackendRegistry, type BottleConfig, loadConfig, resolveStateRoot} from '@bottle/core'

import {abortOnSignals} from './interrupt.js'

/** What every command needs from the environment: config, state root, the backend registry, the signal an interrupt fires. */
export interface Host {
  readonly config: BottleConfig
  readonly stateRoot: string
  readonly registry: BackendRegistry
  readonly signal: AbortSignal
  /** oclif's cache folder for bottle (BOTTLE_CACHE_DIR, else the platform's). */
  readonly cacheRoot: string
}

export async function loadHost(oclifConfig: Config): Promise<Host> {
  const config = await loadConfig(process.cwd(), process.env)
  return {
    config,
    stateRoot: resolveStateRoot(process.env, config.stateDir, config.stateDirBase),
    registry: BackendRegistry.fromPlugins(oclifConfig.plugins.values(), config.backendPlugins),
    signal: abortOnSignals(),
    cacheRoot: oclifConfig.cacheDir,
  }
}
