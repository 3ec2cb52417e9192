/**
 * The Lifecycle contract: the half of a backend that launches, reports on,
 * stops, removes and brings back bottles, beside the Freezer that snapshots
 * them. A backend declares the module in its package.json
 * (`backends.<name>.lifecycle`); every member but `apiVersion` is optional,
 * and the members a module has are the operations it supports: the host
 * names the missing one when a command needs it.
 *
 * Like the freezer, a lifecycle never touches bottle's state: the host writes
 * the metadata, the snapshot history and the preserved mark. Its options are
 * `backends.<name>` validated by the freezer's `optionsSchema`.
 */
import type {FreezeContext} from './freezer.js'
import type {RunOptions} from './run-options.js'

/** The same context `freeze` gets (slug, bottleName, options, stateDir, exec, confirm, warn, info, signal). */
export type LifecycleContext<Options = Record<string, unknown>> = FreezeContext<Options>

/** What the backend reports of a bottle: the host shows `unknown` when it cannot ask. */
export type BottleStatus = 'running' | 'stopped' | 'missing'

/** What to start a new bottle from. */
export interface LaunchSpec {
  /**
   * An image reference (`launch --image`), or an artifact `freeze` returned
   * (or `importArtifact` / `pushArtifact` gave) when `fromArtifact` is true.
   */
  readonly source: string
  readonly fromArtifact: boolean
  /** `K=V` entries to set in the bottle's environment. */
  readonly env: readonly string[]
  /** The command to run instead of the image's own; empty for the image's. */
  readonly command: readonly string[]
  /** How to run it: only the options the backend declares as capabilities, checked (see run-options.ts). */
  readonly run: RunOptions
}

/** A backend's lifecycle: the default export of the module its package declares. */
export interface Lifecycle<Options = Record<string, unknown>> {
  /** The contract version this module was written against (API_VERSION). */
  readonly apiVersion: number
  /** Creates and starts `ctx.bottleName`; fails if a bottle of that name exists. */
  launch?(ctx: LifecycleContext<Options>, spec: LaunchSpec): Promise<void>
  /**
   * Makes sure `launch(spec)` can succeed (the source can be had: pulled,
   * loaded; a bottle can be created from it) without touching
   * `ctx.bottleName`, and leaves nothing behind but what it fetched. Called
   * before a replacement (`resume --replace`) removes the old bottle, so that
   * a failure leaves the old one as it was. Optional: without it, the host
   * warns that the old bottle goes first.
   */
  prepare?(ctx: LifecycleContext<Options>, spec: LaunchSpec): Promise<void>
  status?(ctx: LifecycleContext<Options>): Promise<BottleStatus>
  /** Starts the stopped bottle. */
  start?(ctx: LifecycleContext<Options>): Promise<void>
  /** Stops the bottle; a stopped bottle is not an error. */
  stop?(ctx: LifecycleContext<Options>): Promise<void>
  /** Removes the bottle, running or not (not its artifacts). */
  remove?(ctx: LifecycleContext<Options>): Promise<void>
  /** Writes everything needed to restore `artifact` elsewhere into the empty folder `dir`. */
  exportArtifact?(ctx: LifecycleContext<Options>, artifact: string, dir: string): Promise<void>
  /** Restores what `exportArtifact` wrote in `dir` (here or on another host); returns the artifact reference here. */
  importArtifact?(ctx: LifecycleContext<Options>, artifact: string, dir: string): Promise<string>
  /** Publishes `artifact` as `reference` (a registry); returns the reference a later launch can pull. */
  pushArtifact?(ctx: LifecycleContext<Options>, artifact: string, reference: string): Promise<string>
  /** Deletes one committed artifact (`rm --purge`, `commit --keep`). */
  removeArtifact?(ctx: LifecycleContext<Options>, artifact: string): Promise<void>
  /** The tool's version, recorded with the bottle and each snapshot. */
  toolVersion?(ctx: LifecycleContext<Options>): Promise<string>
  /**
   * The names of every bottle the backend has whose name starts with `prefix`
   * (`bottle ls --all` shows those without state). `ctx.slug` and
   * `ctx.bottleName` are empty: it is about no one bottle.
   */
  list?(ctx: LifecycleContext<Options>, prefix: string): Promise<string[]>
  /** The binary these options make the backend drive, when it can differ from the declared `tool` (docker's `binary: podman`); doctor looks for it. */
  binary?(ctx: LifecycleContext<Options>): string
  /** Where the tool talks to (an engine's context and host), shown by `bottle doctor`. */
  endpoint?(ctx: LifecycleContext<Options>): Promise<string>
}

/** The operations a lifecycle may support, as the host names them in errors. */
export type LifecycleOperation = Exclude<keyof Lifecycle, 'apiVersion'>

/** Identity helper that gives a lifecycle object its types. */
export function defineLifecycle<Options = Record<string, unknown>>(lifecycle: Lifecycle<Options>): Lifecycle<Options> {
  return lifecycle
}
