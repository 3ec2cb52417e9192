import {BottleNotFound, ToolFailed, z} from '@bottle/core/plugin'
import type {FreezeContext} from '@bottle/core/plugin'

import type {FileChange} from './credential-files.js'
import {EngineApiUnavailable, EngineConnectionLost, type EngineResponse, engineApiSocket, engineMessage, engineRequest} from './engine-api.js'
import {NO_SUCH_CONTAINER, dockerCli} from './tool.js'

type Context = FreezeContext<{binary: string; context?: string; pause?: boolean}>

/** The engine's socket when the API is the CLI's engine, in the environment the CLI would run with. */
const apiSocket = async (ctx: Context) => engineApiSocket(ctx.options, await dockerCli(ctx).engine(), {...process.env, ...ctx.toolEnv})

/**
 * Asks the engine a question over its API when that reaches the same engine
 * as the configured CLI (engineApiSocket decides), else, or when the socket
 * cannot be reached, through the CLI. Each path turns its own answer into
 * the same result, so that callers do not know which one answered.
 */
export async function askEngine<T>(ctx: Context, path: string, viaApi: (response: EngineResponse) => T, viaCli: () => Promise<T>): Promise<T> {
  const socket = await apiSocket(ctx)
  if (socket) {
    ctx.trace?.(`${ctx.options.binary} engine API: GET ${path} (${socket})`)
    try {
      return viaApi(await engineRequest(socket, 'GET', path))
    } catch (error) {
      // A question can be asked again: the CLI gets it whatever went wrong on the way.
      if (!(error instanceof EngineApiUnavailable || error instanceof EngineConnectionLost)) throw error
      ctx.trace?.(`engine API: ${error.message}: asking the CLI`)
    }
  }

  return viaCli()
}

/** What `docker commit` is asked: the image reference, the commit message, Dockerfile instructions to apply. */
export interface CommitRequest {
  readonly tag: string
  readonly message: string
  readonly changes: readonly string[]
}

/**
 * Commits the bottle's container (`POST /commit`, else `docker commit`);
 * returns the new image's ID, or the engine's or CLI's words for a failure.
 * Not asked twice: the CLI takes over only when the API could not be
 * reached at all, as the engine may finish a commit whose connection broke.
 */
export async function commitContainer(ctx: Context, request: CommitRequest): Promise<{id: string} | {failure: string}> {
  const socket = await apiSocket(ctx)
  if (socket) {
    const split = request.tag.lastIndexOf(':') > request.tag.lastIndexOf('/') ? request.tag.lastIndexOf(':') : request.tag.length
    const query = new URLSearchParams({
      container: ctx.bottleName,
      repo: request.tag.slice(0, split),
      tag: request.tag.slice(split + 1),
      comment: request.message,
      pause: String(ctx.options.pause),
    })
    for (const change of request.changes) query.append('changes', change)
    const path = `/commit?${query}`
    ctx.trace?.(`${ctx.options.binary} engine API: POST ${path} (${socket})`)
    try {
      const response = await engineRequest(socket, 'POST', path)
      const id = (response.body as {Id?: unknown} | null)?.Id
      return response.status === 201 && typeof id === 'string' ? {id} : {failure: engineMessage(response)}
    } catch (error) {
      if (error instanceof EngineConnectionLost) return {failure: `the engine's connection broke: ${error.message}`}
      if (!(error instanceof EngineApiUnavailable)) throw error
      ctx.trace?.(`engine API: ${error.message}: asking the CLI`)
    }
  }

  const docker = dockerCli(ctx)
  const message = (await docker.engine()).commitMessage(request.message)
  const changes = request.changes.flatMap((change) => ['--change', change])
  // Docker's engine finishes a commit once asked, whatever happens to its client, and podman's client is the engine: wait for it, so that we know what to remove.
  const committed = await docker.run(['commit', `--pause=${ctx.options.pause}`, ...message, ...changes, ctx.bottleName, request.tag], {uninterruptible: true})
  return committed.exitCode === 0 ? {id: committed.stdout.trim()} : {failure: docker.message(committed)}
}

const Container = z.object({
  Mounts: z.array(z.object({Type: z.string().optional(), Name: z.string().optional(), Source: z.string().optional(), Destination: z.string()})).nullish(),
  Config: z.object({Env: z.array(z.string()).nullish()}).nullish(),
  State: z.object({Running: z.boolean().optional(), Paused: z.boolean().optional(), Status: z.string().optional()}).nullish(),
})
export type Container = z.infer<typeof Container>
/** `docker inspect` prints a list, of one container here. */
const Containers = z.array(Container).min(1)

const path = (kind: 'containers' | 'images', name: string, what: string) => `/${kind}/${encodeURIComponent(name)}/${what}`

/** The bottle's container as the engine describes it (mounts, environment, state). Throws BottleNotFound when there is none. */
export function inspectContainer(ctx: Context): Promise<Container> {
  const {binary} = ctx.options
  return askEngine(
    ctx,
    path('containers', ctx.bottleName, 'json'),
    (response) => {
      if (response.status === 404) throw new BottleNotFound(`no container named ${ctx.bottleName} (${binary}: ${engineMessage(response)})`)
      if (response.status !== 200) throw new ToolFailed(`${binary} inspect of ${ctx.bottleName} failed: ${engineMessage(response)}`)
      const parsed = Container.safeParse(response.body)
      if (!parsed.success) throw new ToolFailed(`${binary} engine API answered an unexpected JSON shape`)
      return parsed.data
    },
    async () => {
      const docker = dockerCli(ctx)
      const result = await docker.runOrFail('inspect', ['inspect', '--type', 'container', ctx.bottleName])
      return (await docker.json('inspect', result.stdout, Containers))[0]!
    },
  )
}

const Changes = z.array(z.object({Path: z.string(), Kind: z.number()})).nullable()
const DIFF_KINDS: Record<string, number> = {C: 0, A: 1, D: 2}

/**
 * What the bottle wrote (the engine's changes list: running or stopped,
 * whatever user it runs as), or why it could not be listed.
 */
export function containerChanges(ctx: Context): Promise<{changes: FileChange[]} | {failure: string}> {
  const {binary} = ctx.options
  return askEngine(
    ctx,
    path('containers', ctx.bottleName, 'changes'),
    (response) => {
      if (response.status !== 200) return {failure: `the engine's changes list: ${engineMessage(response)}`}
      const parsed = Changes.safeParse(response.body)
      return parsed.success ? {changes: parsed.data ?? []} : {failure: `the engine's changes list has an unexpected JSON shape`}
    },
    async () => {
      const docker = dockerCli(ctx)
      const result = await docker.run(['diff', ctx.bottleName])
      if (result.exitCode !== 0) return {failure: `${binary} diff failed: ${docker.message(result)}`}
      const changes = result.stdout
        .split('\n')
        .map((line) => /^([ACD]) (\/.*)$/.exec(line.trim()))
        .filter((match) => match !== null)
        .map((match) => ({Kind: DIFF_KINDS[match[1]!]!, Path: match[2]!}))
      return {changes}
    },
  )
}

/**
 * The environment in an image's config and in its ContainerConfig where the
 * engine keeps one (Docker before 25 copies the container's there; podman
 * has none); undefined where it cannot be read.
 */
export function imageEnvironments(ctx: Context, image: string): Promise<{config?: string[]; container?: string[]}> {
  return askEngine(
    ctx,
    path('images', image, 'json'),
    (response) => {
      if (response.status !== 200) return {}
      const body = response.body as {Config?: {Env?: unknown}; ContainerConfig?: {Env?: unknown}} | null
      return {config: envList(body?.Config?.Env ?? null), container: envList(body?.ContainerConfig?.Env ?? null)}
    },
    async () => {
      const docker = dockerCli(ctx)
      const format = (await docker.engine()).envTemplates.map((field) => `{{json ${field}}}`).join('\t')
      const inspected = await docker.run(['image', 'inspect', '--format', format, image], {uninterruptible: true})
      if (inspected.exitCode !== 0) return {}
      const [config, container] = inspected.stdout.split('\t').map((json) => envList(parseEnvJson(json)))
      return {config, container}
    },
  )
}

function parseEnvJson(json: string | undefined): unknown {
  try {
    return JSON.parse(json ?? '')
  } catch {
    return undefined
  }
}

function envList(env: unknown): string[] | undefined {
  if (env === null) return []
  return Array.isArray(env) ? env.filter((entry): entry is string => typeof entry === 'string') : undefined
}

/** The engine's version (the CLI's `{{.Server.Version}}`), as recorded with a bottle (podman's names podman). */
export async function engineVersion(ctx: Context): Promise<string> {
  // Podman answers with its own version for its local engine, and the service's for a remote one.
  const server = await askEngine(
    ctx,
    '/version',
    (response) => {
      const version = (response.body as {Version?: unknown} | null)?.Version
      if (response.status !== 200 || typeof version !== 'string') throw new ToolFailed(`${ctx.options.binary} version failed: ${engineMessage(response)}`)
      return version
    },
    async () => {
      return (await dockerCli(ctx).runOrFail('version', ['version', '--format', '{{.Server.Version}}'])).stdout.trim()
    },
  )
  return (await dockerCli(ctx).engine()).describeVersion(server)
}

/** The container's state (running, paused, exited...), undefined when there is no such container. */
export function containerState(ctx: Context): Promise<string | undefined> {
  return askEngine(
    ctx,
    path('containers', ctx.bottleName, 'json'),
    (response) => {
      if (response.status === 404) return undefined
      const status = (response.body as {State?: {Status?: unknown}} | null)?.State?.Status
      if (response.status !== 200 || typeof status !== 'string') throw new ToolFailed(`${ctx.options.binary} inspect of ${ctx.bottleName} failed: ${engineMessage(response)}`)
      return status
    },
    async () => {
      const docker = dockerCli(ctx)
      const result = await docker.run(['inspect', '--type', 'container', '--format', '{{.State.Status}}', ctx.bottleName])
      if (result.exitCode === 0) return result.stdout.trim()
      if (NO_SUCH_CONTAINER.test(docker.message(result))) return undefined
      throw docker.failure('inspect', result)
    },
  )
}
