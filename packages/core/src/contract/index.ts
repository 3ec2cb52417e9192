/** The plugin author's entry point: `@bottle/core/plugin`. */
export {API_VERSION, defineFreezer} from './freezer.js'
export type {AgentInfo, ExecOptions, ExecResult, ExportHintInput, Freezer, FreezeContext} from './freezer.js'
export type {StandardSchemaV1} from './standard-schema.js'
export {defineLifecycle} from './lifecycle.js'
export type {BottleStatus, LaunchSpec, Lifecycle, LifecycleContext, LifecycleOperation} from './lifecycle.js'
export {BottleError, BottleNotFound, CommitCancelled, ErrorCode, ToolFailed} from './errors.js'
export {stopRunningBottle} from './stop-running-bottle.js'
export {artifactTimestamp, checkImageReference, renderTagScheme} from './artifact-name.js'
export {CREDENTIAL_FILES, DEFAULT_SECRET_RULES, SECRET_ENV_PATTERNS, secretEnvMatcher} from './secrets.js'
export type {SecretRules} from './secrets.js'
// The zod the host validates with: shipped plugins take it from here, so host and plugins evaluate one copy.
export {z} from 'zod'
