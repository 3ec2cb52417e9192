import {join} from 'node:path'

import type {FreezeContext} from '../contract/freezer.js'
import type {SecretRules} from '../contract/secrets.js'
import {runTool} from '../exec/run-tool.js'
import type {Metadata} from '../state/bottle-state.js'
import type {HostIO} from './host-io.js'

export interface ContextInput {
  readonly slug: string
  readonly bottleName: string
  readonly backend: string
  readonly metadata: Metadata | null
  /** Validated by the backend's optionsSchema. */
  readonly options: Record<string, unknown>
  readonly stateDir: string
  readonly secrets: SecretRules
  readonly io: HostIO
  readonly signal: AbortSignal
  /** Extra environment for every tool run (the test kit's double on PATH); the host gives none. */
  readonly env?: Record<string, string>
  /** bottle's cache folder; each backend gets `backends/<name>` in it. */
  readonly cacheRoot?: string
  /** Collects what the plugin warns about, for --json. */
  readonly warnings: string[]
}

/**
 * The context every plugin operation gets, freeze and lifecycle alike, built
 * in this one place so that plugins see one host: the CLI and the author's
 * test kit both build it here.
 */
export function bottleContext(input: ContextInput): FreezeContext {
  const {slug, backend, metadata, io, signal, warnings} = input
  return {
    slug,
    bottleName: input.bottleName,
    agent: {slug, agentName: metadata?.agentName ?? '', startedAt: metadata?.startedAt ?? '', backend},
    options: input.options,
    stateDir: input.stateDir,
    secrets: input.secrets,
    ...(input.env ? {toolEnv: input.env} : {}),
    ...(input.cacheRoot ? {cacheDir: join(input.cacheRoot, 'backends', backend)} : {}),
    signal,
    exec: (file, args, execOptions) =>
      runTool(file, args, {
        ...execOptions,
        ...(input.env ? {env: {...input.env, ...execOptions?.env}} : {}),
        signal,
        trace: io.trace,
      }),
    confirm: (question) => io.confirm(question),
    warn(message) {
      warnings.push(message)
      io.warn(message)
    },
    info: (message) => io.info(message),
    trace: (line) => io.trace?.(line),
  }
}
