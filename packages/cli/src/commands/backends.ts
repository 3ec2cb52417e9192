import type {BackendListing} from '@bottle/core'
import {CheckCache, RUN_OPTIONS} from '@bottle/core'
import {join} from 'node:path'
import which from 'which'

import {BottleCommand} from '../bottle-command.js'

const RUN_CAPABILITIES = new Set(Object.values(RUN_OPTIONS).map((option) => option.capability))

interface BackendRow {
  readonly name: string
  readonly package: string
  readonly version: string
  readonly source: string
  readonly status: string
  readonly apiVersion: number
  readonly capabilities: readonly string[]
  /** bottle commit --live: what a snapshot of a running bottle keeps, from which tool release; null: it cannot (the bottle is stopped). */
  readonly live: {readonly keeps: 'memory' | 'filesystem'; readonly since?: string} | null
  /** The run options its launch takes (from its run-* capabilities); absent when it cannot launch. */
  readonly runOptions?: readonly string[]
  readonly problem?: string
  readonly conflictsWith?: readonly string[]
  readonly description?: string
  readonly tool?: string
  readonly toolPath: string | null
}

export default class Backends extends BottleCommand {
  static override summary = 'List the registered backends and whether their tools are installed.'

  static override description =
    `Every backend that an installed plugin registers: its package, version, where it comes from (shipped, user-installed, linked, dev), its capabilities (the run options its launch takes among them: run-volume is --volume, ...), whether it can freeze a running bottle without stopping it (commit --live) and what that keeps (memory, or the filesystem only), whether its tool is on PATH, and its status:
  ok            usable
  broken        its declaration is malformed, its module fails to import or exports no freezer (the reason is shown)
  incompatible  it declares a plugin API version this bottle does not support (both versions are shown)
  conflict      another package claims the same name; pick one with backendPlugins.<name> in the config
  unused        the config picks another package for this name
Plugins whose declaration cannot be read at all are listed under problems. Each backend module is imported once to check it; the result is cached until the module changes.`

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<{backends: BackendRow[]; problems: readonly {plugin: string; problem: string}[]}> {
    await this.parse(Backends)
    const {registry} = await this.host()
    const cache = await CheckCache.open(join(this.config.cacheDir, 'backend-checks.json'))
    const listings = await registry.verify(cache)
    await cache.save()
    const backends = await Promise.all(listings.map((listing) => row(listing)))
    if (!this.jsonEnabled()) {
      for (const b of backends) {
        const tool = b.tool ? `${b.tool}: ${b.toolPath ?? 'not found on PATH'}` : 'no tool declared'
        this.log(`${b.name.padEnd(18)} ${b.status.padEnd(8)} ${`${b.package}@${b.version}`.padEnd(36)} ${b.source.padEnd(14)} ${tool}`)
        const others = b.capabilities.filter((capability) => !RUN_CAPABILITIES.has(capability))
        if (others.length > 0) this.log(`${''.padEnd(18)} can: ${others.join(', ')}`)
        if (b.runOptions) this.log(`${''.padEnd(18)} launch takes: ${b.runOptions.length > 0 ? b.runOptions.join(', ') : 'no run options'}`)
        if (b.status === 'ok') this.log(`${''.padEnd(18)} live: ${liveText(b)}`)
        if (b.problem) this.log(`${''.padEnd(18)} ${b.problem}`)
        if (b.conflictsWith) this.log(`${''.padEnd(18)} also claimed by ${b.conflictsWith.join(', ')}; pin one with backendPlugins.${b.name} in the config`)
      }

      for (const p of registry.problems) this.log(`plugin ${p.plugin}: ${p.problem}`)
      if (backends.length === 0) this.log('no backends registered; install one with: bottle plugins install <package>')
    }

    return {backends, problems: registry.problems}
  }
}

async function row(listing: BackendListing): Promise<BackendRow> {
  const tool = listing.declaration?.tool
  return {
    name: listing.name,
    package: listing.plugin.name,
    version: listing.plugin.version,
    source: listing.plugin.source,
    status: listing.status,
    apiVersion: listing.apiVersion,
    capabilities: listing.declaration?.capabilities ?? [],
    live: listing.declaration?.live ?? null,
    ...(listing.declaration?.lifecycle
      ? {
          runOptions: Object.values(RUN_OPTIONS)
            .filter((option) => listing.declaration!.capabilities.includes(option.capability))
            .map((option) => option.flag),
        }
      : {}),
    ...(listing.problem ? {problem: listing.problem} : {}),
    ...(listing.conflictsWith ? {conflictsWith: listing.conflictsWith} : {}),
    ...(listing.declaration?.description ? {description: listing.declaration.description} : {}),
    ...(tool ? {tool} : {}),
    toolPath: tool ? await which(tool, {nothrow: true}) : null,
  }
}

/** What `bottle commit --live` does on this backend, in a few words. */
function liveText(b: BackendRow): string {
  if (!b.live) return 'no (commit --live is refused; a running bottle is stopped, after asking)'
  const keeps = b.live.keeps === 'memory' ? 'memory and filesystem (processes resume where they were)' : 'filesystem only (processes start anew on resume)'
  return `yes, ${keeps}${b.live.since ? `, with ${b.tool ?? 'its tool'} ${b.live.since} or later` : ''}`
}
