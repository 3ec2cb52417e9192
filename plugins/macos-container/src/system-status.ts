import {ToolFailed, parseToolJson, z} from '@bottle/core/plugin'

/**
 * `container system status --format json` in both shapes: flat up to 1.3.1
 * (`apiServerVersion`: "container-apiserver version 1.2.2 (build: ...)"),
 * nested from 1.4.1 (`server.version`: "1.4.1"). Only `status` is in both.
 */
const SystemStatus = z.object({
  status: z.string(),
  apiServerVersion: z.string().optional(),
  server: z.object({version: z.string().optional()}).optional(),
})

/** What the system service is: its API server's version, or why it cannot be used. */
export async function describeSystemStatus(stdout: string, binary: string): Promise<string> {
  const {status, apiServerVersion, server} = await parseToolJson(`${binary} system status`, stdout, SystemStatus)
  if (status !== 'running') throw new ToolFailed(`the container system service is ${status}; start it with: ${binary} system start`)
  const version = server?.version ?? /version (\S+)/.exec(apiServerVersion ?? '')?.[1]
  return `container-apiserver${version ? ` ${version}` : ''}`
}
