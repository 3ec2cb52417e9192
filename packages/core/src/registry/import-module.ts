import {isAbsolute, relative, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {z} from 'zod'

import {SUPPORTED_API_VERSIONS, describeIssue} from '../contract/declaration.js'
import {describeThrown} from '../contract/describe-thrown.js'

/**
 * Imports one module a plugin declares and checks its default export against
 * `shape` and the supported API versions: by shape, never `instanceof`, as
 * the plugin brings its own copy of the contract. Only this module is
 * imported, so other plugins (broken or not) cost nothing. Throws an Error
 * whose message is the reason, for the registry to wrap.
 */
export async function importPluginModule<T>(pluginRoot: string, modulePath: string, what: string, shape: z.ZodType<{apiVersion: number}>): Promise<T> {
  const file = resolve(pluginRoot, modulePath)
  const inside = relative(pluginRoot, file)
  if (inside.startsWith('..') || isAbsolute(inside)) throw new Error(`${what} path ${modulePath} leaves the plugin's folder`)

  let module: {default?: unknown}
  try {
    module = (await import(pathToFileURL(file).href)) as {default?: unknown}
  } catch (error) {
    throw new Error(`cannot import ${modulePath}: ${describeThrown(error).split('\n', 1)[0]}`)
  }

  const parsed = shape.safeParse(module.default)
  if (!parsed.success) throw new Error(`${modulePath} default export is not a ${what} (${describeIssue(parsed.error)})`)
  if (!SUPPORTED_API_VERSIONS.includes(parsed.data.apiVersion)) {
    throw new Error(`${what} API version ${parsed.data.apiVersion} is not supported (this bottle supports ${SUPPORTED_API_VERSIONS.join(', ')})`)
  }

  return module.default as T
}
