import type {FreezeContext} from '../contract/freezer.js'
import {runTool} from '../exec/run-tool.js'
import type {Metadata} from '../state/bottle-state.js'
import type {HostIO} from './commit-bottle.js'

export interface BottleContextInput {
  readonly slug: string
  readonly bottleName: string
  readonly backend: string
  readonly metadata: Metadata | null
  /** Validated by the backend's optionsSchema. */
  readonly options: Record<string, unknown>
  readonly stateDir: string
  readonly io: HostIO
  readonly signal: AbortSignal
  /** Collects what the plugin warns about, for --json. */
  readonly warnings: string[]
}

/** The context every plugin operation gets, freeze and lifecycle alike, so that they see one host. */
export function bottleContext(input: BottleContextInput): FreezeContext {
  const {slug, backend, metadata, io, signal, warnings} = input
  return {
    slug,
    bottleName: input.bottleName,
    agent: {slug, agentName: metadata?.agentName ?? '', startedAt: metadata?.startedAt ?? '', backend},
    options: input.options,
    stateDir: input.stateDir,
    signal,
    exec: (file, args, execOptions) => runTool(file, args, {...execOptions, signal, trace: io.trace}),
    confirm: (question) => io.confirm(question),
    warn(message) {
      warnings.push(message)
      io.warn(message)
    },
    info: (message) => io.info(message),
    trace: (line) => io.trace?.(line),
  }
}
