import {z} from 'zod'

import type {Freezer} from '../contract/freezer.js'
import {importPluginModule} from './import-module.js'

export const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'expected a function')

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

/** Imports one backend's freezer module and checks what it exports. */
export function loadFreezer(pluginRoot: string, modulePath: string): Promise<Freezer> {
  return importPluginModule<Freezer>(pluginRoot, modulePath, 'freezer', FreezerShape)
}
