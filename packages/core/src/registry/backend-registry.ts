import {BottleError, ErrorCode} from '../contract/errors.js'
import type {Freezer} from '../contract/freezer.js'
import {
  type BackendDeclaration,
  BackendDeclarationSchema,
  BackendNameSchema,
  PluginDeclarationSchema,
  SUPPORTED_API_VERSIONS,
  describeIssue,
} from './declaration.js'
import {loadFreezer} from './load-freezer.js'
import {type PluginInfo, type PluginSource, pluginSource} from './plugin-info.js'

/** One backend name claimed by one plugin. */
export interface BackendEntry {
  readonly name: string
  readonly plugin: {readonly name: string; readonly version: string; readonly source: PluginSource; readonly root: string}
  readonly declaration?: BackendDeclaration
  /** Why this backend cannot be used, when it cannot (malformed declaration, unsupported API version). */
  readonly problem?: string
}

/** A plugin whose `bottle` declaration is unusable as a whole. */
export interface PluginProblem {
  readonly plugin: string
  readonly problem: string
}

export type BackendStatus = 'ok' | 'broken' | 'conflict'

/** A backend as `bottle backends` shows it. */
export interface BackendListing extends BackendEntry {
  readonly status: BackendStatus
  /** For a conflict: the other packages claiming the name. */
  readonly conflictsWith?: readonly string[]
}

export interface ResolvedBackend {
  readonly entry: BackendEntry
  readonly freezer: Freezer
}

/**
 * Every backend the installed plugins declare, built from their package.json
 * alone. Nothing is imported until `load` is asked for one backend.
 */
export class BackendRegistry {
  private constructor(
    private readonly entries: readonly BackendEntry[],
    readonly problems: readonly PluginProblem[],
    private readonly pins: Readonly<Record<string, string>>,
  ) {}

  /** `pins` maps a backend name to the package that provides it when several claim it (config `backendPlugins`). */
  static fromPlugins(plugins: Iterable<PluginInfo>, pins: Readonly<Record<string, string>> = {}): BackendRegistry {
    const entries: BackendEntry[] = []
    const problems: PluginProblem[] = []
    for (const plugin of plugins) {
      const raw = plugin.pjson.bottle
      if (raw === undefined) continue
      const owner = {name: plugin.name, version: plugin.version, source: pluginSource(plugin.type), root: plugin.root}
      const declared = PluginDeclarationSchema.safeParse(raw)
      if (!declared.success) {
        problems.push({plugin: plugin.name, problem: `malformed "bottle" key in package.json (${describeIssue(declared.error)})`})
        continue
      }

      const {apiVersion, backends} = declared.data
      const versionProblem = SUPPORTED_API_VERSIONS.includes(apiVersion)
        ? undefined
        : `incompatible: declares API version ${apiVersion}, this bottle supports ${SUPPORTED_API_VERSIONS.join(', ')}`
      for (const [name, value] of Object.entries(backends)) {
        const nameCheck = BackendNameSchema.safeParse(name)
        if (!nameCheck.success) {
          problems.push({plugin: plugin.name, problem: `backend name ${JSON.stringify(name)}: ${describeIssue(nameCheck.error)}`})
          continue
        }

        const backend = BackendDeclarationSchema.safeParse(value)
        entries.push(
          backend.success
            ? {name, plugin: owner, declaration: backend.data, problem: versionProblem}
            : {name, plugin: owner, problem: `malformed declaration (backends.${name}.${describeIssue(backend.error)})`},
        )
      }
    }

    return new BackendRegistry(entries, problems, pins)
  }

  /** Every backend, sorted by name, with its status. */
  list(): BackendListing[] {
    return [...this.entries]
      .sort((a, b) => a.name.localeCompare(b.name) || a.plugin.name.localeCompare(b.plugin.name))
      .map((entry) => {
        const rivals = this.claimants(entry.name)
        const conflict = rivals.length > 1 && this.pinned(entry.name, rivals) === undefined
        if (conflict) {
          const conflictsWith = rivals.filter((other) => other !== entry).map((other) => other.plugin.name)
          return {...entry, status: 'conflict' as const, conflictsWith}
        }

        const shadowed = rivals.length > 1 && this.pinned(entry.name, rivals) !== entry
        return {...entry, status: entry.problem || shadowed ? ('broken' as const) : ('ok' as const), ...(shadowed ? {problem: `not used: config backendPlugins.${entry.name} pins ${this.pins[entry.name]}`} : {})}
      })
  }

  /** The names a user can commit with. */
  names(): string[] {
    return [...new Set(this.entries.map((entry) => entry.name))].sort()
  }

  /** Picks the one entry for `name`, or explains why there is none. Imports nothing. */
  resolve(name: string): BackendEntry {
    const rivals = this.claimants(name)
    if (rivals.length === 0) {
      const known = this.names()
      const broken = this.problems.map((p) => `${p.plugin} (${p.problem})`)
      throw new BottleError(
        ErrorCode.BackendUnavailable,
        `unknown backend "${name}": registered backends are ${known.length ? known.join(', ') : 'none'}` +
          `${broken.length ? `; plugins with problems: ${broken.join('; ')}` : ''}` +
          `; install more with: bottle plugins install <package>`,
      )
    }

    const entry = rivals.length === 1 ? rivals[0] : this.pinned(name, rivals)
    if (!entry) {
      throw new BottleError(
        ErrorCode.BackendUnavailable,
        `backend "${name}" is claimed by ${rivals.map((r) => r.plugin.name).join(' and ')}; ` +
          `pick one in the config: "backendPlugins": {"${name}": "<package>"}`,
      )
    }

    if (entry.problem || !entry.declaration) {
      throw new BottleError(ErrorCode.BackendUnavailable, `backend "${name}" from plugin ${entry.plugin.name} is broken: ${entry.problem}`)
    }

    return entry
  }

  /** Resolves `name` and imports its freezer module, and only that one. */
  async load(name: string): Promise<ResolvedBackend> {
    const entry = this.resolve(name)
    try {
      return {entry, freezer: await loadFreezer(entry.plugin.root, entry.declaration!.freezer)}
    } catch (error) {
      throw new BottleError(
        ErrorCode.BackendUnavailable,
        `backend "${name}" from plugin ${entry.plugin.name} is broken: ${(error as Error).message}`,
      )
    }
  }

  private claimants(name: string): BackendEntry[] {
    return this.entries.filter((entry) => entry.name === name)
  }

  private pinned(name: string, rivals: readonly BackendEntry[]): BackendEntry | undefined {
    const pin = this.pins[name]
    return pin === undefined ? undefined : rivals.find((entry) => entry.plugin.name === pin)
  }
}
