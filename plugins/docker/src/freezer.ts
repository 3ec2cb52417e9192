import {BottleNotFound, ToolFailed, checkImageReference, defineFreezer, renderTagScheme} from '@bottle/core/plugin'
import type {ExecResult, FreezeContext} from '@bottle/core/plugin'
import {z} from 'zod'

const DockerOptions = z.strictObject({
  /** The CLI to drive: docker, or podman / nerdctl, which take the same verbs. */
  binary: z.string().min(1).default('docker'),
  /** A docker context to use (`--context`); DOCKER_HOST and DOCKER_CONTEXT are honoured without it. */
  context: z.string().min(1).optional(),
  /** The image reference to commit to; `{slug}` and `{timestamp}` are replaced. */
  tagScheme: z
    .string()
    .refine((scheme) => scheme.includes('{timestamp}'), 'must contain {timestamp}, so that every commit gets a tag of its own')
    .default('bottle/{slug}:{timestamp}'),
  /** Pause the container while committing (docker's default), so the snapshot is consistent. */
  pause: z.boolean().default(true),
})
type DockerOptions = z.infer<typeof DockerOptions>

const InspectOutput = z.array(
  z.object({
    Mounts: z
      .array(z.object({Type: z.string().optional(), Name: z.string().optional(), Source: z.string().optional(), Destination: z.string()}))
      .nullish(),
  }),
).min(1)

export default defineFreezer<DockerOptions>({
  apiVersion: 1,
  optionsSchema: DockerOptions,

  async freeze(ctx) {
    const docker = dockerCli(ctx)
    const inspected = await docker(['inspect', '--type', 'container', ctx.bottleName])
    if (inspected.exitCode !== 0) throw inspectFailure(ctx, inspected)
    warnAboutMounts(ctx, parseInspect(ctx.options.binary, inspected.stdout))

    const tag = checkImageReference(renderTagScheme(ctx.options.tagScheme, ctx.slug, new Date()), 'backends.docker.tagScheme')
    ctx.info(`committing ${ctx.bottleName} to ${tag}`)
    const committed = await docker([
      'commit',
      `--pause=${ctx.options.pause}`,
      '--message',
      `bottle commit ${ctx.slug}`,
      '--change',
      `LABEL dev.bottle.slug=${ctx.slug}`,
      ctx.bottleName,
      tag,
    ])
    if (committed.exitCode !== 0) throw new ToolFailed(`${ctx.options.binary} commit of ${ctx.bottleName} failed: ${toolMessage(committed)}`)
    return tag
  },

  exportHint({artifact, options}) {
    const cli = [options.binary, ...(options.context ? ['--context', options.context] : [])].join(' ')
    const file = `${artifact.replace(/[/:@]/g, '-')}.tar.gz`
    return [`${cli} save ${artifact} | gzip > ${file}`, `${options.binary} load -i ${file}`]
  },
})

function dockerCli(ctx: FreezeContext<DockerOptions>): (args: string[]) => Promise<ExecResult> {
  const global = ctx.options.context ? ['--context', ctx.options.context] : []
  return (args) => ctx.exec(ctx.options.binary, [...global, ...args])
}

function inspectFailure(ctx: FreezeContext<DockerOptions>, result: ExecResult): Error {
  const message = toolMessage(result)
  if (/No such (container|object)/i.test(message)) {
    return new BottleNotFound(`no container named ${ctx.bottleName} (${ctx.options.binary}: ${message})`)
  }

  if (/Cannot connect to the Docker daemon|error during connect|connection refused/i.test(message)) {
    return new ToolFailed(`cannot reach the container engine: ${message}`)
  }

  return new ToolFailed(`${ctx.options.binary} inspect of ${ctx.bottleName} failed: ${message}`)
}

function parseInspect(binary: string, stdout: string): z.infer<typeof InspectOutput> {
  let data: unknown
  try {
    data = JSON.parse(stdout)
  } catch {
    throw new ToolFailed(`${binary} inspect printed output that is not JSON: ${JSON.stringify(stdout.slice(0, 80))}`)
  }

  const parsed = InspectOutput.safeParse(data)
  if (!parsed.success) throw new ToolFailed(`${binary} inspect printed an unexpected JSON shape`)
  return parsed.data
}

/** A commit holds only the container's writable layer: say which data stays behind. */
function warnAboutMounts(ctx: FreezeContext<DockerOptions>, inspected: z.infer<typeof InspectOutput>): void {
  for (const mount of inspected[0]?.Mounts ?? []) {
    const what = mount.Type === 'volume' ? `volume ${mount.Name ?? mount.Source}` : `${mount.Type ?? 'bind'} mount ${mount.Source}`
    ctx.warn(`${what} at ${mount.Destination} is not in the committed image`)
  }
}

/** The tool's own words: its last non-empty stderr line, else stdout. */
function toolMessage(result: ExecResult): string {
  const lines = (result.stderr || result.stdout).split('\n').map((line) => line.trim()).filter(Boolean)
  return lines.at(-1) ?? `exit code ${result.exitCode}`
}
