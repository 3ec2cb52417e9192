import {BottleNotFound, ToolFailed} from '@bottle/core/plugin'
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
export function parseInspect(stdout: string, name: string, binary: string): ContainerSnapshot {
  let data: unknown
  try {
    data = JSON.parse(stdout)
  } catch {
    throw new ToolFailed(`${binary} inspect printed output that is not JSON: ${JSON.stringify(stdout.slice(0, 80))}`)
  }

  if (Array.isArray(data) && data.length === 0) throw new BottleNotFound(`no container named ${name}`)
  const parsed = z.array(Snapshot).min(1).safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ToolFailed(`${binary} inspect printed an unexpected JSON shape (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`)
  }

  return parsed.data[0]!
}
