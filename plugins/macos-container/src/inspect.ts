import {BottleNotFound, parseToolJson} from '@bottle/core/plugin'
import {z} from '@bottle/core/plugin'

// initProcess.user is Swift's enum encoding: {"raw": {"userString"}} or {"id": {"uid", "gid"}}.
const User = z.union([
  z.string(),
  z.object({raw: z.object({userString: z.string()})}).transform(({raw}) => raw.userString),
  z.object({id: z.object({uid: z.number(), gid: z.number()})}).transform(({id}) => `${id.uid}:${id.gid}`),
])

const Snapshot = z.object({
  configuration: z.object({
    initProcess: z.object({
      executable: z.string(),
      arguments: z.array(z.string()).default([]),
      environment: z.array(z.string()).default([]),
      workingDirectory: z.string().optional(),
      user: User.optional(),
    }),
    mounts: z.array(z.object({source: z.string().optional(), destination: z.string()})).default([]),
  }),
  // 1.0 and later: {"state": ...}; before 1.0 a plain string.
  status: z.union([z.string(), z.object({state: z.string()}).transform(({state}) => state)]),
})

export type ContainerSnapshot = z.output<typeof Snapshot>

/**
 * Reads `container inspect NAME` output. Before 1.0 a missing container
 * printed `[]` with exit 0; 1.0 and later fail with notFound, which the
 * caller sees as a non-zero exit.
 */
export async function parseInspect(stdout: string, name: string, binary: string): Promise<ContainerSnapshot> {
  const snapshots = await parseToolJson(`${binary} inspect`, stdout, z.array(Snapshot))
  if (snapshots.length === 0) throw new BottleNotFound(`no container named ${name}`)
  return snapshots[0]!
}
