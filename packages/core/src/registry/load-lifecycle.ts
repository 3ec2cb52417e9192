import {z} from 'zod'

import type {Lifecycle, LifecycleOperation} from '../contract/lifecycle.js'
import {importPluginModule} from './import-module.js'
import {fn} from './load-freezer.js'

const OPERATIONS = [
  'launch',
  'status',
  'start',
  'stop',
  'remove',
  'exportArtifact',
  'importArtifact',
  'pushArtifact',
  'removeArtifact',
  'toolVersion',
  'binary',
  'endpoint',
] as const satisfies readonly LifecycleOperation[]

/** The shape a lifecycle module's default export must have: every operation optional, each a function when present. */
const LifecycleShape = z.object({
  apiVersion: z.number().int(),
  ...Object.fromEntries(OPERATIONS.map((operation) => [operation, fn.optional()])),
})

/** Imports one backend's lifecycle module and checks what it exports. */
export function loadLifecycle(pluginRoot: string, modulePath: string): Promise<Lifecycle> {
  return importPluginModule<Lifecycle>(pluginRoot, modulePath, 'lifecycle', LifecycleShape)
}
