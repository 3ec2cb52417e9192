import {z} from 'zod'

export {SUPPORTED_API_VERSIONS} from './api-version.js'

/**
 * The `bottle` key of a backend plugin's package.json. Read at start-up from
 * the package.json oclif has already parsed, so declaring costs no import.
 *
 *   "bottle": {"apiVersion": 1, "backends": {"<name>": {"freezer": "./dist/freezer.js", "tool": "<binary>"}}}
 */
export const PluginDeclarationSchema = z.object({
  apiVersion: z.number().int().positive(),
  backends: z.record(z.string(), z.unknown()),
})

export const BackendNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'backend names are 1-40 of a-z, 0-9 and "-"')

export const BackendDeclarationSchema = z.strictObject({
  /** The module, relative to the plugin's root, whose default export is the Freezer. */
  freezer: z.string().min(1),
  /** The module whose default export is the Lifecycle (launch, status, resume...); none: commit only. */
  lifecycle: z.string().min(1).optional(),
  /** The binary the backend drives, shown by `bottle backends` with whether it is on PATH. */
  tool: z.string().min(1).optional(),
  /** One line for `bottle backends`. */
  description: z.string().optional(),
  /** What the backend can do or needs, shown by `bottle backends`: needs-stop, can-export, can-resume, or others. */
  capabilities: z.array(z.string().min(1)).default([]),
  /**
   * Whether the backend can freeze a running bottle without stopping it
   * (`bottle commit --live`), and what such a snapshot keeps: `memory` (the
   * processes and their memory, resumed where they were) or `filesystem`
   * (the disk; processes start anew). `since`: the first tool release that
   * can, shown by `bottle backends`; the freezer checks the installed one.
   * Absent: the backend cannot, and --live is refused.
   */
  live: z.strictObject({keeps: z.enum(['memory', 'filesystem']), since: z.string().min(1).optional()}).optional(),
})
export type BackendDeclaration = z.infer<typeof BackendDeclarationSchema>

/** Reduces a zod error to "key: message", the way every declaration problem is reported. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid'
  const keys = (issue as {keys?: string[]}).keys
  const where = issue.path.length ? issue.path.join('.') : keys?.join(', ')
  return `${where ? `${where}: ` : ''}${issue.message}`
}
