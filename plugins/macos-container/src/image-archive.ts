import {BottleError, ErrorCode, type FreezeContext, familiarReference, openExportArchive, tagSchemePattern, z} from '@bottle/core/plugin'

import {container} from './tool.js'

type Context = FreezeContext<{binary: string; tagScheme: string}>

/** The annotations by which Apple's `container`, containerd and the OCI layout name an image of an index. */
const NAME_KEYS = ['com.apple.containerization.image.name', 'io.containerd.image.name', 'org.opencontainers.image.ref.name']
const Annotations = z.record(z.string(), z.string()).nullish()
const OciIndex = z.object({annotations: Annotations, manifests: z.array(z.object({annotations: Annotations}))})
/** `image list --format json`: from 1.0 each image's name is `configuration.name`. */
const ImageList = z.array(z.object({configuration: z.object({name: z.string()}).nullish()}))

/**
 * Refuses, before `image load`, an archive that would touch any name but
 * the snapshot's own: the name must be one this bottle's tag scheme gives,
 * every name in the archive's OCI index must be that one (any other would be
 * re-pointed, another bottle's snapshot or `node:22`), and it must not name
 * an image here already (`container` has no image tag to rename it on load).
 */
export async function checkImageArchive(ctx: Context, archive: string, artifact: string): Promise<void> {
  const expected = familiarReference(artifact)
  const own = tagSchemePattern(familiarReference(ctx.options.tagScheme), ctx.slug)
  if (!own.test(expected)) {
    throw refusal(
      `the snapshot is named ${JSON.stringify(artifact)}, which is not a name of this bottle's (${ctx.options.tagScheme}, slug ${ctx.slug}): import it under the slug it was exported from (container cannot rename an image), with backends.macos-container.tagScheme as on the machine that exported it`,
    )
  }

  const index = await readIndex(ctx, archive)
  const names = [index.annotations, ...index.manifests.map((manifest) => manifest.annotations)].flatMap((annotations) => NAME_KEYS.flatMap((key) => annotations?.[key] ?? []))
  // An OCI ref name may be the tag alone.
  const foreign = [...new Set(names)].filter((name) => familiarReference(name) !== expected && name !== expected.slice(expected.lastIndexOf(':') + 1))
  if (foreign.length > 0) {
    throw refusal(`its image archive would also name ${foreign.map((name) => JSON.stringify(name)).join(', ')}, which the snapshot ${artifact} does not own`)
  }

  const tool = container(ctx)
  const listed = await tool.json('image list', (await tool.runOrFail('image list', ['image', 'list', '--format', 'json'])).stdout, ImageList)
  if (listed.some((image) => image.configuration && familiarReference(image.configuration.name) === expected)) {
    throw refusal(`${artifact} already names an image here; loading would re-point it (remove it first: ${ctx.options.binary} image delete ${artifact})`)
  }
}

/** The archive's `index.json`, read without loading anything. */
async function readIndex(ctx: Context, archive: string): Promise<z.infer<typeof OciIndex>> {
  const {member, refuse} = await openExportArchive(ctx, archive)
  const text = await member('index.json')
  if (text === undefined) throw refuse('it has no index.json')
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw refuse('its index.json is not JSON')
  }

  const index = OciIndex.safeParse(data)
  if (!index.success) throw refuse('its index.json is not an OCI image index')
  return index.data
}

function refusal(reason: string): BottleError {
  return new BottleError(ErrorCode.BadInput, `refusing to import: ${reason}`)
}
