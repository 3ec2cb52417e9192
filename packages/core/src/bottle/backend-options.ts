import {BottleError, ErrorCode} from '../contract/errors.js'
import type {Freezer} from '../contract/freezer.js'
import type {BottleConfig} from '../config/config-schema.js'

/**
 * Validates `backends.<name>` from the config with the backend's own schema,
 * so an invalid option names the file and the key like every config error.
 */
export async function validateBackendOptions(freezer: Freezer, backend: string, config: Pick<BottleConfig, 'backends' | 'backendSources'>): Promise<Record<string, unknown>> {
  const raw = config.backends[backend] ?? {}
  if (!freezer.optionsSchema) return {...raw}
  const result = await freezer.optionsSchema['~standard'].validate(raw)
  if (!result.issues) return result.value as Record<string, unknown>
  const issue = result.issues[0]
  const path = (issue?.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment)).map(String)
  const file = config.backendSources[backend] ?? 'config'
  throw new BottleError(ErrorCode.BadInput, `invalid config ${file}: ${['backends', backend, ...path].join('.')}: ${issue?.message ?? 'invalid'}`)
}
