import {z} from 'zod'

import type {Freezer} from '../contract/freezer.js'
import type {Lifecycle, LifecycleOperation} from '../contract/lifecycle.js'
import {importPluginModule} from './import-module.js'

const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'expected a function')

/** The shape a freezer module's default export must have: checked, never `instanceof`. */
const FreezerShape = z.object({
  apiVersion: z.number().int(),
  freeze: fn,
  exportHint: fn.optional(),
  optionsSchema: z
    .custom<NonNullable<Freezer['optionsSchema']>>(
      (value) => typeof (value as {'~standard'?: {validate?: unknown}})?.['~standard']?.validate === 'function',
      'expected a Standard Schema (such as a zod schema)',
    )
    .optional(),
})

const OPERATIONS = [
  'launch',
  'prepare',
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
  'list',
] as const satisfies readonly LifecycleOperation[]

/** The shape a lifecycle module's default export must have: every operation optional, each a function when present. */
const LifecycleShape = z.object({
  apiVersion: z.number().int(),
  ...Object.fromEntries(OPERATIONS.map((operation) => [operation, fn.optional()])),
})

/** Imports one backend's freezer module and checks what it exports. */
export function loadFreezer(pluginRoot: string, modulePath: string): Promise<Freezer> {
  return importPluginModule<Freezer>(pluginRoot, modulePath, 'freezer', FreezerShape)
}

/** Imports one backend's lifecycle module and checks what it exports. */
export function loadLifecycle(pluginRoot: string, modulePath: string): Promise<Lifecycle> {
  return importPluginModule<Lifecycle>(pluginRoot, modulePath, 'lifecycle', LifecycleShape)
}
