import {BottleError, ErrorCode} from '../contract/errors.js'
import type {Freezer} from '../contract/freezer.js'
import type {Lifecycle} from '../contract/lifecycle.js'
import {stat} from 'node:fs/promises'
import {resolve as resolvePath} from 'node:path'

import {type BackendDeclaration, BackendDeclarationSchema, BackendNameSchema, PluginDeclarationSchema, SUPPORTED_API_VERSIONS, describeIssue} from '../contract/declaration.js'

import type {CheckCache} from './check-cache.js'
import {loadFreezer, loadLifecycle} from './backend-modules.js'
import {type PluginInfo, type PluginSource, pluginSource} from './plugin-info.js'

/** One backend name claimed by one plugin. */
export interface BackendEntry {
  readonly name: string
  readonly plugin: {readonly name: string; readonly version: string; readonly source: PluginSource; readonly root: string}
  /** The contract version the plugin declares. */
  readonly apiVersion: number
  readonly declaration?: BackendDeclaration
  /** Why this backend cannot be used, when it cannot (malformed declaration, unsupported API version). */
  readonly problem?: string
}

/** A plugin whose `bottle` declaration is unusable as a whole. */
export interface PluginProblem {
  readonly plugin: string
  readonly problem: string
}

/**
 * ok: usable; broken: its declaration or module is unusable; incompatible: it
 * declares an API version this host does not support; conflict: another
 * package claims the name and the config pins neither; unused: the config
 * pins another package for this name.
 */
export type BackendStatus = 'ok' | 'broken' | 'incompatible' | 'conflict' | 'unused'

/** A backend as `bottle backends` shows it. */
export interface BackendListing extends BackendEntry {
  readonly status: BackendStatus
  /** For a conflict: the other packages claiming the name. */
  readonly conflictsWith?: readonly string[]
}

/** A backend's modules, each imported once: the lifecycle is null when the backend only commits. */
export interface LoadedBackend {
  readonly entry: BackendEntry
  readonly freezer: Freezer
  readonly lifecycle: Lifecycle | null
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
        : `incompatible: the plugin declares API version ${apiVersion}, this bottle supports ${SUPPORTED_API_VERSIONS.join(', ')}`
      for (const [name, value] of Object.entries(backends)) {
        const nameCheck = BackendNameSchema.safeParse(name)
        if (!nameCheck.success) {
          problems.push({plugin: plugin.name, problem: `backend name ${JSON.stringify(name)}: ${describeIssue(nameCheck.error)}`})
          continue
        }

        const backend = BackendDeclarationSchema.safeParse(value)
        entries.push(
          backend.success
            ? {name, plugin: owner, apiVersion, declaration: backend.data, problem: versionProblem}
            : {name, plugin: owner, apiVersion, problem: `malformed declaration (backends.${name}.${describeIssue(backend.error)})`},
        )
      }
    }

    return new BackendRegistry(entries, problems, pins)
  }

  /** Every backend, sorted by name, with its status. */
  list(): BackendListing[] {
    return [...this.entries].sort((a, b) => a.name.localeCompare(b.name) || a.plugin.name.localeCompare(b.plugin.name)).map((entry) => ({...entry, ...this.statusOf(entry)}))
  }

  /**
   * The listing, with each usable backend's module imported and checked, so a
   * module that fails to import or exports the wrong shape shows as broken.
   * Results are kept in `cache` per module file version.
   */
  async verify(cache: CheckCache): Promise<BackendListing[]> {
    return Promise.all(
      this.list().map(async (listing) => {
        if (listing.status !== 'ok' || !listing.declaration) return listing
        const {freezer, lifecycle} = listing.declaration
        const problem = (await this.checkModule(listing, freezer, cache, loadFreezer)) ?? (lifecycle ? await this.checkModule(listing, lifecycle, cache, loadLifecycle) : null)
        return problem ? {...listing, status: 'broken' as const, problem} : listing
      }),
    )
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
        `backend "${name}" is claimed by ${rivals.map((r) => r.plugin.name).join(' and ')}; ` + `pick one in the config: "backendPlugins": {"${name}": "<package>"}`,
      )
    }

    if (entry.problem || !entry.declaration) {
      const what = SUPPORTED_API_VERSIONS.includes(entry.apiVersion) ? 'is broken' : 'cannot be used'
      throw new BottleError(ErrorCode.BackendUnavailable, `backend "${name}" from plugin ${entry.plugin.name} ${what}: ${entry.problem}`)
    }

    return entry
  }

  /**
   * Resolves `name` and imports its modules, and only that backend's: the
   * freezer, and the lifecycle when it declares one.
   */
  async load(name: string): Promise<LoadedBackend> {
    const entry = this.resolve(name)
    const {freezer, lifecycle} = entry.declaration!
    try {
      const [loadedFreezer, loadedLifecycle] = await Promise.all([loadFreezer(entry.plugin.root, freezer), lifecycle ? loadLifecycle(entry.plugin.root, lifecycle) : null])
      return {entry, freezer: loadedFreezer, lifecycle: loadedLifecycle}
    } catch (error) {
      throw new BottleError(ErrorCode.BackendUnavailable, `backend "${name}" from plugin ${entry.plugin.name} is broken: ${(error as Error).message}`)
    }
  }

  private async checkModule(entry: BackendEntry, modulePath: string, cache: CheckCache, load: (root: string, modulePath: string) => Promise<unknown>): Promise<string | null> {
    const file = resolvePath(entry.plugin.root, modulePath)
    const stamp = await stat(file).then(
      (s) => `${entry.plugin.version}:${s.mtimeMs}:${s.size}`,
      () => undefined,
    )
    if (!stamp) return `cannot import ${modulePath}: no such file`
    const key = `${entry.plugin.root}#${entry.name}#${modulePath}`
    const known = cache.get(key, stamp)
    if (known !== undefined) return known
    const problem = await load(entry.plugin.root, modulePath).then(
      () => null,
      (error: Error) => error.message,
    )
    cache.set(key, stamp, problem)
    return problem
  }

  private statusOf(entry: BackendEntry): Pick<BackendListing, 'status' | 'problem' | 'conflictsWith'> {
    const rivals = this.claimants(entry.name)
    if (rivals.length > 1) {
      const chosen = this.pinned(entry.name, rivals)
      if (!chosen) return {status: 'conflict', conflictsWith: rivals.filter((r) => r !== entry).map((r) => r.plugin.name)}
      if (chosen !== entry) return {status: 'unused', problem: `the config pins ${chosen.plugin.name} for "${entry.name}" (backendPlugins)`}
    }

    if (!entry.problem) return {status: 'ok'}
    return {status: SUPPORTED_API_VERSIONS.includes(entry.apiVersion) ? 'broken' : 'incompatible'}
  }

  private claimants(name: string): BackendEntry[] {
    return this.entries.filter((entry) => entry.name === name)
  }

  private pinned(name: string, rivals: readonly BackendEntry[]): BackendEntry | undefined {
    const pin = this.pins[name]
    return pin === undefined ? undefined : rivals.find((entry) => entry.plugin.name === pin)
  }
}
