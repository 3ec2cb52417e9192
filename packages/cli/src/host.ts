import type {Config} from '@oclif/core/config'
import {BackendRegistry, type BottleConfig, loadConfig, resolveStateRoot} from '@bottle/core'

/** What every command needs from the environment: config, state root, the backend registry. */
export interface Host {
  readonly config: BottleConfig
  readonly stateRoot: string
  readonly registry: BackendRegistry
}

export async function loadHost(oclifConfig: Config): Promise<Host> {
  const config = await loadConfig(process.cwd(), process.env)
  return {
    config,
    stateRoot: resolveStateRoot(process.env, config.stateDir, config.stateDirBase),
    registry: BackendRegistry.fromPlugins(oclifConfig.plugins.values(), config.backendPlugins),
  }
}
