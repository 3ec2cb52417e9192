import {access, constants, rm, stat, statfs, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {ErrorCode} from '../contract/errors.js'
import type {HostIO} from '../bottle/host-io.js'
import {openBackend} from '../bottle/backend-context.js'
import {reportError} from '../bottle/report-error.js'
import type {BottleConfig} from '../config/config-schema.js'
import {DEFAULT_PREFIX} from '../config/config-schema.js'
import {loadConfig} from '../config/load-config.js'
import {BackendRegistry, type BackendListing} from '../registry/backend-registry.js'
import type {CheckCache} from '../registry/check-cache.js'
import type {PluginInfo} from '../registry/plugin-info.js'
import {resolveStateRoot} from '../state/state-root.js'

export type CheckStatus = 'ok' | 'warning' | 'failure'

/** One finding of `bottle doctor`, with the fix when it is not ok. */
export interface Check {
  readonly area: 'config' | 'state' | 'backend' | 'plugin'
  readonly name: string
  readonly status: CheckStatus
  readonly message: string
  readonly fix?: string
}

export interface DoctorRequest {
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  readonly plugins: Iterable<PluginInfo>
  readonly cache: CheckCache
  /** Finds a binary on PATH; null when absent. */
  readonly findTool: (name: string) => Promise<string | null>
  readonly io: HostIO
}

/** Free space under which the state root gets a warning: a commit of a VM or an export can take gigabytes. */
const LOW_SPACE_BYTES = 2 * 2 ** 30

/**
 * Checks the set-up a commit depends on, each finding independent of the
 * others: a broken config still lets the state root and backends be checked
 * (with defaults), a broken plugin never hides the others.
 */
export async function runDoctor(request: DoctorRequest): Promise<Check[]> {
  const checks: Check[] = []
  let config: BottleConfig
  try {
    config = await loadConfig(request.cwd, request.env)
    checks.push({
      area: 'config',
      name: 'config files',
      status: 'ok',
      message: config.files.length > 0 ? `valid: ${config.files.join(', ')}` : 'none found; defaults in use',
    })
  } catch (error) {
    config = {prefix: DEFAULT_PREFIX, backendPlugins: {}, trustedPlugins: [], backends: {}, backendSources: {}, files: []}
    checks.push({
      area: 'config',
      name: 'config files',
      status: 'failure',
      message: reportError(error).message,
      fix:
        reportError(error).code === ErrorCode.ConfirmationRequired
          ? 'move the key to your user config, or trust the file as it is with the command above'
          : 'correct the key it names (see docs/configuration.md), or move the file away',
    })
  }

  const stateRoot = resolveStateRoot(request.env, config.stateDir, config.stateDirBase)
  checks.push(await checkStateRoot(stateRoot))

  const registry = BackendRegistry.fromPlugins(request.plugins, config.backendPlugins)
  for (const problem of registry.problems) {
    checks.push({
      area: 'plugin',
      name: problem.plugin,
      status: 'failure',
      message: problem.problem,
      fix: `update the plugin, or remove it: bottle plugins uninstall ${problem.plugin}`,
    })
  }

  for (const listing of await registry.verify(request.cache)) {
    checks.push(...(await checkBackend(listing, {...request, registry, config, stateRoot})))
  }

  return checks
}

async function checkStateRoot(root: string): Promise<Check> {
  const name = 'state root'
  const existing = await nearestExisting(root)
  if (!(await stat(existing)).isDirectory()) {
    return {area: 'state', name, status: 'failure', message: `${existing} is a file, so ${root} cannot be created`, fix: 'set BOTTLE_STATE_DIR or stateDir to a folder'}
  }

  try {
    await access(existing, constants.W_OK)
    // access() says yes to root on a read-only file system: write for real.
    const probe = join(existing, `.bottle-doctor-${process.pid}`)
    await writeFile(probe, '')
    await rm(probe, {force: true})
  } catch (error) {
    return {
      area: 'state',
      name,
      status: 'failure',
      message: `${existing} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      fix: 'make it writable, or point BOTTLE_STATE_DIR (or stateDir in the config) elsewhere',
    }
  }

  const {bavail, bsize} = await statfs(existing)
  const free = bavail * bsize
  const where = existing === root ? root : `${root} (not created yet; it will be, under ${existing})`
  const space = `${(free / 2 ** 30).toFixed(1)} GiB free`
  return free < LOW_SPACE_BYTES
    ? {area: 'state', name, status: 'warning', message: `${where}: only ${space}`, fix: 'free some space: snapshots and exports can take gigabytes'}
    : {area: 'state', name, status: 'ok', message: `${where}: writable, ${space}`}
}

async function nearestExisting(path: string): Promise<string> {
  let current = path
  for (;;) {
    const found = await stat(current).then(
      () => true,
      () => false,
    )
    if (found || dirname(current) === current) return current
    current = dirname(current)
  }
}

const STATUS_FIX: Record<string, (listing: BackendListing) => string> = {
  broken: (l) => `update or reinstall ${l.plugin.name}, or remove it: bottle plugins uninstall ${l.plugin.name}`,
  incompatible: (l) => `install a version of ${l.plugin.name} written for this bottle's plugin API`,
  conflict: (l) => `pick one in the config: "backendPlugins": {"${l.name}": "<package>"} (candidates: ${[l.plugin.name, ...(l.conflictsWith ?? [])].join(', ')})`,
}

async function checkBackend(listing: BackendListing, request: DoctorRequest & {registry: BackendRegistry; config: BottleConfig; stateRoot: string}): Promise<Check[]> {
  const name = `${listing.name} (${listing.plugin.name}@${listing.plugin.version}, ${listing.plugin.source})`
  if (listing.status === 'unused') return [{area: 'backend', name, status: 'ok', message: `not used: ${listing.problem}`}]
  if (listing.status !== 'ok') {
    return [{area: 'backend', name, status: 'failure', message: `${listing.status}: ${listing.problem ?? ''}`.trim(), fix: STATUS_FIX[listing.status]?.(listing)}]
  }

  const notOnPath = (tool: string): Check[] => [
    {
      area: 'backend',
      name,
      status: 'warning',
      message: `plugin loads; ${tool} is not on PATH, so this backend cannot be used here`,
      fix: `install ${tool} if you use ${listing.name} bottles`,
    },
  ]
  const declared = listing.declaration?.tool
  if (!listing.declaration?.lifecycle) {
    const path = declared ? await request.findTool(declared) : null
    if (declared && !path) return notOnPath(declared)
    return [{area: 'backend', name, status: 'ok', message: `plugin loads${declared ? `; ${declared} at ${path}` : ''} (commit only: no lifecycle to ask the tool with)`}]
  }

  // Ask the tool itself, through the backend: its version, and where it talks to.
  try {
    const {lifecycle, ctx} = await openBackend({registry: request.registry, config: request.config, stateRoot: request.stateRoot, io: request.io}, listing.name)
    // The binary the options pick (docker's binary: podman), not only the one the plugin is named after.
    const picked: unknown = await lifecycle?.binary?.(ctx)
    const tool = typeof picked === 'string' && picked.trim() !== '' ? picked : declared
    const path = tool ? await request.findTool(tool) : null
    if (tool && !path) return notOnPath(tool)
    // Unlike a commit's record, doctor wants the tool's failure: it is the finding.
    const version = await lifecycle?.toolVersion?.(ctx)
    const endpoint = await lifecycle?.endpoint?.(ctx)
    const detail = [tool && `${tool} at ${path}`, version && `version ${version}`, endpoint && `talks to ${endpoint}`].filter(Boolean).join(', ')
    return [{area: 'backend', name, status: 'ok', message: detail || 'plugin loads'}]
  } catch (error) {
    const report = reportError(error)
    return [
      {
        area: 'backend',
        name,
        status: 'failure',
        message: report.message,
        fix: `start the backend's engine or service, or fix its options (backends.${listing.name} in the config)`,
      },
    ]
  }
}
