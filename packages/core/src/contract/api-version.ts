/**
 * The contract version this package describes, bumped on breaking changes.
 * The one source of truth: plugins declare it in package.json and export it
 * from their modules; the host loads only the versions it lists as supported.
 */
export const API_VERSION = 1

/** The contract versions this host can load. */
export const SUPPORTED_API_VERSIONS: readonly number[] = [API_VERSION]
