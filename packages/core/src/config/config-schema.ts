import {z} from 'zod'

/** A bottle config file (project `.bottlerc*` or user `config.*`); every key optional. */
export const ConfigFileSchema = z.strictObject({
  /** Where per-bottle state lives (BOTTLE_STATE_DIR overrides it). */
  stateDir: z.string().min(1).optional(),
  /** Prefix of the container or VM name: `<prefix><slug>`. */
  prefix: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'must be a valid container name start (letters, digits, "_", ".", "-")')
    .optional(),
  /** Which package provides a backend name that several installed plugins claim. */
  backendPlugins: z.record(z.string(), z.string().min(1)).optional(),
  /** Plugins `bottle plugins install` may install without asking: names, URLs, or `@scope/*`. */
  trustedPlugins: z.array(z.string().min(1)).optional(),
  /** More environment variable names (`*` wildcards) that every backend keeps out of artifacts. */
  secretEnv: z.array(z.string().min(1)).optional(),
  /** More credential files (`~/` for every home folder) that backends warn about before freezing. */
  secretFiles: z.array(z.string().min(1)).optional(),
  /** Per-backend options, validated by each backend's own schema. */
  backends: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
})
export type ConfigFile = z.infer<typeof ConfigFileSchema>

/** The merged config the commands use. */
export interface BottleConfig {
  readonly stateDir?: string
  /** The folder of the file that set stateDir, for relative paths. */
  readonly stateDirBase?: string
  readonly prefix: string
  readonly backendPlugins: Readonly<Record<string, string>>
  readonly trustedPlugins: readonly string[]
  /** Added to the built-in secret lists (absent: none added). */
  readonly secretEnv?: readonly string[]
  readonly secretFiles?: readonly string[]
  readonly backends: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  /** For each backend options object, the file it came from (error messages). */
  readonly backendSources: Readonly<Record<string, string>>
  /** The config files read, user first. */
  readonly files: readonly string[]
}

export const DEFAULT_PREFIX = 'bot-bottle-'
