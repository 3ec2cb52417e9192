import {readFileSync} from 'node:fs'
import {request} from 'node:http'
import {homedir} from 'node:os'
import {basename, join} from 'node:path'

import type {Engine} from './engine.js'

/**
 * A small client of the Docker Engine API over its unix socket, for the
 * questions a commit asks (inspect, changes, version). Each answer takes a
 * few milliseconds here against ~50 ms for the docker CLI (a 42 MB static
 * binary) to start. Written on node:http rather than taken from dockerode or
 * docker-modem: those cost more to import than the whole round trip they
 * replace (see docs/architecture.md), and these few GETs need none of their
 * features.
 */

/** Where the CLI would talk to, as far as bottle can see without running it. */
export interface EndpointOptions {
  /** The CLI configured for the backend (backends.docker.binary). */
  readonly binary: string
  /** The docker context configured for the backend (backends.docker.context). */
  readonly context?: string | undefined
}

const DEFAULT_SOCKET = '/var/run/docker.sock'

/**
 * The unix socket of the engine the configured CLI talks to, or undefined
 * when the API path could reach another engine than the CLI would: another
 * binary, or one named docker that is not Docker's own CLI (podman-docker's
 * podman, nerdctl, a wrapper: `engine`, detected from its `--version`; they
 * have their own sockets and dialects), a docker context other than default
 * (configured, DOCKER_CONTEXT, or the CLI config's currentContext), or a
 * DOCKER_HOST that is not a unix socket (tcp, ssh: TLS and keys the CLI
 * handles). Undefined means: use the CLI. This is the one place that
 * decides; an unreachable socket falls back to the CLI at the request.
 */
export function engineApiSocket(options: EndpointOptions, engine: Pick<Engine, 'isDockerCli'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (basename(options.binary) !== 'docker' || !engine.isDockerCli) return undefined
  if (!isDefaultContext(options.context) || !isDefaultContext(env.DOCKER_CONTEXT)) return undefined
  // As in the docker CLI, DOCKER_HOST wins over the config file's current context.
  if (env.DOCKER_HOST) return env.DOCKER_HOST.startsWith('unix://') ? env.DOCKER_HOST.slice('unix://'.length) : undefined
  return isDefaultContext(currentContext(env)) ? DEFAULT_SOCKET : undefined
}

function isDefaultContext(name: string | undefined): boolean {
  return name === undefined || name === '' || name === 'default'
}

/** The CLI config's currentContext: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`; a file bottle cannot read names no default. */
function currentContext(env: NodeJS.ProcessEnv): string | undefined {
  const file = join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'unreadable'
  }

  try {
    const context = (JSON.parse(text) as {currentContext?: unknown}).currentContext
    return typeof context === 'string' ? context : undefined
  } catch {
    return 'unreadable'
  }
}

/** The engine could not be reached over its socket (absent, refused, no permission): nothing was asked, the CLI can be. */
export class EngineApiUnavailable extends Error {}

/** The connection failed once the request was sent, or the answer was not JSON: the engine may have acted on it. */
export class EngineConnectionLost extends Error {}

export interface EngineResponse {
  readonly status: number
  /** The parsed JSON body (null when empty). */
  readonly body: unknown
}

/** One request to the engine; a status is the caller's to read, a transport failure one of the two errors above. */
export function engineRequest(socketPath: string, method: 'GET' | 'POST', path: string): Promise<EngineResponse> {
  return new Promise((resolve, reject) => {
    let connected = false
    const fail = (error: Error) => reject(connected ? new EngineConnectionLost(`${socketPath}: ${error.message}`) : new EngineApiUnavailable(`${socketPath}: ${error.message}`))
    // No keep-alive agent: one request per connection, nothing left open to hold the process.
    const req = request({socketPath, path, method, agent: false, headers: {Host: 'docker'}}, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', fail)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        try {
          resolve({status: res.statusCode ?? 0, body: text.trim() === '' ? null : JSON.parse(text)})
        } catch {
          fail(new Error(`${method} ${path.split('?')[0]} answered ${res.statusCode} with a body that is not JSON`))
        }
      })
    })
    req.on('socket', (socket) => socket.once('connect', () => (connected = true)))
    req.on('error', fail)
    req.end()
  })
}

/** The engine's own words for a failed request: its `message`, else the status. */
export function engineMessage(response: EngineResponse): string {
  const message = (response.body as {message?: unknown} | null)?.message
  return typeof message === 'string' && message.trim() !== '' ? message.trim() : `status ${response.status}`
}
