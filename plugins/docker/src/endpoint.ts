import {ToolFailed} from '@bottle/core/plugin'

import type {Docker} from './tool.js'

/** Where the engine is, in the engine's own terms, for `bottle doctor`. */
export async function engineEndpoint(docker: Docker, context: string | undefined): Promise<string> {
  return (await docker.engine()).kind === 'podman' ? podmanEndpoint(docker, context) : dockerEndpoint(docker, context)
}

async function dockerEndpoint(docker: Docker, context: string | undefined): Promise<string> {
  // DOCKER_HOST wins over the current context unless a context is configured, as in the docker CLI.
  if (process.env.DOCKER_HOST && !context) return `DOCKER_HOST=${process.env.DOCKER_HOST}`
  const result = await docker.run(['context', 'inspect', '--format', '{{.Name}} {{.Endpoints.docker.Host}}'])
  if (result.exitCode !== 0) return `an engine whose context cannot be read (${lastLine(result.stderr) || `exit code ${result.exitCode}`})`
  const [name, host] = result.stdout.trim().split(' ')
  return `context ${name} (${host})`
}

/**
 * Podman runs containers itself (no daemon) unless it is a remote client:
 * pointed at a service by a connection (`--connection`, the `context`
 * option), by CONTAINER_HOST, or always (podman on macOS and Windows).
 */
async function podmanEndpoint(docker: Docker, context: string | undefined): Promise<string> {
  if (!context && process.env.CONTAINER_HOST) return `CONTAINER_HOST=${process.env.CONTAINER_HOST}`
  const info = await docker.run(['info', '--format', '{{.Host.ServiceIsRemote}} {{.Host.Security.Rootless}} {{.Store.GraphRoot}}'])
  if (info.exitCode !== 0) throw new ToolFailed(`podman info failed: ${lastLine(info.stderr) || `exit code ${info.exitCode}`}`)
  const [remote, rootless, storage] = info.stdout.trim().split(' ')
  if (remote !== 'true') return `its local engine (${rootless === 'true' ? 'rootless' : 'rootful'}, no daemon; storage ${storage})`
  const connections = await docker.run(['system', 'connection', 'list', '--format', '{{.Name}}\t{{.URI}}\t{{.Default}}'])
  const rows = connections.stdout.split('\n').map((line) => line.split('\t'))
  const used = rows.find(([name, , isDefault]) => (context ? name === context : isDefault === 'true'))
  return used ? `connection ${used[0]} (${used[1]})` : 'a remote service'
}

const lastLine = (text: string) => text.trim().split('\n').at(-1)?.trim() ?? ''
