/** The plugin author's entry point: `@bottle/core/plugin`. */
export {API_VERSION, defineFreezer} from './freezer.js'
export type {AgentInfo, ExecResult, ExportHintInput, Freezer, FreezeContext} from './freezer.js'
export type {StandardSchemaV1} from './standard-schema.js'
export {BottleError, BottleNotFound, CommitCancelled, ErrorCode, ToolFailed} from './errors.js'
export {stopRunningBottle} from './stop-running-bottle.js'
export {artifactTimestamp, checkImageReference, renderTagScheme} from './artifact-name.js'
