import {BottleError, ErrorCode, ToolFailed, familiarReference, openExportArchive, tagSchemePattern, z} from '@bottle/core/plugin'
import type {FreezeContext} from '@bottle/core/plugin'

import type {Docker} from './tool.js'

const DockerManifest = z.array(z.object({Config: z.string(), RepoTags: z.array(z.string()).nullish()}))
const OciIndex = z.object({manifests: z.array(z.object({annotations: z.record(z.string(), z.string()).nullish()})).nullish()})
const LegacyRepositories = z.record(z.string(), z.record(z.string(), z.string()))

/** What a `docker save` archive would do to the engine's names when loaded: the image it holds and every name it would tag. */
export interface ArchiveContents {
  /** `sha256:…`, the ID the engine gives the image. */
  readonly imageId: string
  readonly names: readonly string[]
}

/**
 * Reads a `docker save` archive's own records without loading it: the
 * legacy manifest.json, the OCI index.json and the v1 `repositories` file,
 * each of which `docker load` (or containerd's import) can tag images from.
 */
export async function readImageArchive(ctx: FreezeContext, archive: string): Promise<ArchiveContents> {
  const {member, refuse} = await openExportArchive(ctx, archive)
  const manifest = DockerManifest.safeParse(parseJson(await member('manifest.json')))
  if (!manifest.success || manifest.data.length !== 1) throw refuse('manifest.json does not describe exactly one image')
  const [image] = manifest.data
  const digest = /(?:^|\/)(?:sha256\/)?([a-f0-9]{64})(?:\.json)?$/.exec(image!.Config)?.[1]
  if (!digest) throw refuse(`manifest.json names no image config (${JSON.stringify(image!.Config)})`)

  const names = [...(image!.RepoTags ?? [])]
  const index = OciIndex.safeParse(parseJson((await member('index.json')) ?? '{}'))
  for (const entry of index.success ? (index.data.manifests ?? []) : []) {
    const name = entry.annotations?.['io.containerd.image.name']
    if (name) names.push(name)
  }

  const repositories = LegacyRepositories.safeParse(parseJson((await member('repositories')) ?? '{}'))
  if (!repositories.success) throw refuse('its repositories file cannot be read')
  for (const [repository, tags] of Object.entries(repositories.data)) names.push(...Object.keys(tags).map((tag) => `${repository}:${tag}`))
  return {imageId: `sha256:${digest}`, names: [...new Set(names.map(familiarReference))]}
}

/**
 * Refuses to load an archive that would touch any name but the snapshot's
 * own: extra tags would silently re-point other images (another bottle's
 * snapshot, `node:22`), and a snapshot name that already names another image
 * would re-point that one. True when the snapshot's name is already here, on that image.
 */
export async function checkImageArchive(docker: Docker, contents: ArchiveContents, artifact: string, ownName: RegExp): Promise<boolean> {
  const expected = familiarReference(artifact)
  if (!ownName.test(expected)) {
    throw new BottleError(
      ErrorCode.BadInput,
      `refusing to import: the snapshot is named ${JSON.stringify(artifact)}, which is not a name of this bottle's (${ownName.source}); set backends.docker.tagScheme as on the machine that exported it`,
    )
  }

  const foreign = contents.names.filter((name) => familiarReference(name) !== expected)
  if (foreign.length > 0) {
    throw new BottleError(
      ErrorCode.BadInput,
      `refusing to import: its image archive would also tag ${foreign.map((name) => JSON.stringify(name)).join(', ')}, which the snapshot ${artifact} does not own`,
    )
  }

  return checkNameFree(docker, artifact, contents.imageId)
}

/**
 * A name the import gives the image must be free here, or name that image
 * already: anything else would be re-pointed. Says which (true: already
 * there), so that a failed import takes back only the names it made.
 */
export async function checkNameFree(docker: Docker, name: string, id: string): Promise<boolean> {
  const existing = await docker.run(['image', 'inspect', '--format', '{{.Id}}', name])
  if (existing.exitCode !== 0) return false
  if (imageId(existing.stdout) !== id) {
    throw new BottleError(ErrorCode.BadInput, `refusing to import: ${name} already names another image here (${existing.stdout.trim().slice(0, 19)}); loading would re-point it`)
  }

  return true
}

/** After the load: the snapshot's name must name the image the archive held, or the record would point elsewhere. */
export async function checkLoaded(docker: Docker, contents: ArchiveContents, artifact: string): Promise<void> {
  const loaded = await docker.run(['image', 'inspect', '--format', '{{.Id}}', artifact], {uninterruptible: true})
  if (loaded.exitCode !== 0 || imageId(loaded.stdout) !== contents.imageId) {
    throw new ToolFailed(`the image loaded as ${artifact} is not the one the export holds (${contents.imageId.slice(0, 19)}); nothing was recorded`)
  }
}

/** An image ID as `image inspect` prints it: docker with `sha256:`, podman without. */
function imageId(printed: string): string {
  const id = printed.trim()
  return id.startsWith('sha256:') ? id : `sha256:${id}`
}

/** The names a tag scheme gives a slug's snapshots (any slug's without one), as `docker images` shows them. */
export function ownNamePattern(tagScheme: string, slug?: string): RegExp {
  return tagSchemePattern(familiarReference(tagScheme), slug)
}

/**
 * `import --as`: the snapshot as the exporting bottle named it, renamed to
 * this bottle's name with the same timestamp. Undefined when the name is
 * already this bottle's own, or no name of the scheme at all (which
 * checkImageArchive refuses).
 */
export function renameForSlug(tagScheme: string, slug: string, artifact: string): string | undefined {
  if (ownNamePattern(tagScheme, slug).test(familiarReference(artifact))) return undefined
  const timestamp = ownNamePattern(tagScheme).exec(familiarReference(artifact))?.[1]
  return timestamp ? tagScheme.replaceAll('{slug}', slug).replaceAll('{timestamp}', timestamp) : undefined
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}
