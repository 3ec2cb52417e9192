import {isAbsolute, relative, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {z} from 'zod'

import type {Freezer} from '../contract/freezer.js'
import {SUPPORTED_API_VERSIONS, describeIssue} from './declaration.js'

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

/**
 * Imports one backend's freezer module and checks what it exports. Only this
 * module is imported, so other plugins (broken or not) cost nothing.
 * Throws an Error whose message is the reason, for the registry to wrap.
 */
export async function loadFreezer(pluginRoot: string, modulePath: string): Promise<Freezer> {
  const file = resolve(pluginRoot, modulePath)
  const inside = relative(pluginRoot, file)
  if (inside.startsWith('..') || isAbsolute(inside)) throw new Error(`freezer path ${modulePath} leaves the plugin's folder`)

  let module: {default?: unknown}
  try {
    module = (await import(pathToFileURL(file).href)) as {default?: unknown}
  } catch (error) {
    throw new Error(`cannot import ${modulePath}: ${(error as Error).message?.split('\n', 1)[0] ?? String(error)}`)
  }

  const parsed = FreezerShape.safeParse(module.default)
  if (!parsed.success) throw new Error(`${modulePath} default export is not a freezer (${describeIssue(parsed.error)})`)
  if (!SUPPORTED_API_VERSIONS.includes(parsed.data.apiVersion)) {
    throw new Error(`freezer API version ${parsed.data.apiVersion} is not supported (this bottle supports ${SUPPORTED_API_VERSIONS.join(', ')})`)
  }

  return module.default as Freezer
}
