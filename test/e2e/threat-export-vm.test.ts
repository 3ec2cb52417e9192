import {execa} from 'execa'
import {createHash} from 'node:crypto'
import {mkdir, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {containerDouble} from '../support/doubles.js'
import {packExport} from '../support/export-file.js'

// Threat model, "an export", on the macos-container backend (its tool's double): a crafted .bottle.tgz whose
// OCI image archive names other images must not re-point them, and its snapshot must be a name of its own bottle.
const slug = 'crafted'
const artifact = `bottle/${slug}:20260101-000000-000`
/** Stand-ins for images the user has: another bottle's snapshot and a base image. */
const victims = ['bottle/other:20250101-000000-000', 'docker.io/library/node:22']
let box: Sandbox
let double: ReturnType<typeof containerDouble>

beforeAll(async () => {
  box = await makeSandbox()
  double = containerDouble(join(box.dir, 'tool'))
  for (const victim of victims) double.addImage(victim, {'/whose': 'the user'})
})
afterAll(() => box.cleanup())

/** The annotations by which an OCI index names an image. */
const named = (apple: string, containerd = apple, ref = apple) => ({
  'com.apple.containerization.image.name': apple,
  'io.containerd.image.name': containerd,
  'org.opencontainers.image.ref.name': ref,
})

/** Writes a .bottle.tgz whose image.tar is an OCI layout with one crafted image per index entry; the snapshot named `snapshot`. */
async function craft(name: string, entries: ReadonlyArray<Record<string, string>>, snapshot = artifact): Promise<string> {
  const dir = join(box.dir, name)
  const layout = join(dir, 'layout')
  await mkdir(join(layout, 'blobs', 'sha256'), {recursive: true})
  const manifests = []
  for (const annotations of entries) {
    const blob = JSON.stringify({reference: 'crafted', files: {'/whose': 'the attacker'}})
    const digest = createHash('sha256').update(blob).digest('hex')
    await writeFile(join(layout, 'blobs', 'sha256', digest), blob)
    manifests.push({mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${digest}`, size: blob.length, annotations})
  }

  await writeFile(join(layout, 'oci-layout'), JSON.stringify({imageLayoutVersion: '1.0.0'}))
  await writeFile(join(layout, 'index.json'), JSON.stringify({schemaVersion: 2, manifests}))
  await mkdir(join(dir, 'artifact'))
  await execa('tar', ['-cf', join(dir, 'artifact', 'image.tar'), '-C', layout, 'oci-layout', 'index.json', 'blobs'])
  return packExport(dir, join(box.dir, `${name}.bottle.tgz`), {slug, backend: 'macos-container', artifact: snapshot})
}

async function expectRefused(file: string, message: string): Promise<void> {
  const result = await box.bottle(['import', file], {env: double.env})
  expect(result.exitCode, result.stderr).toBe(2)
  expect(result.stderr.trim().split('\n').at(-1)).toBe(`bottle: refusing to import: ${message}`)
  for (const victim of victims) expect(double.image(victim)?.files).toEqual({'/whose': 'the user'})
  expect(double.image(artifact)).toBeNull()
  expect(await readdir(box.stateDir).catch(() => [])).not.toContain(slug)
  expect((await double.calls()).some((argv) => argv[0] === 'image' && argv[1] === 'load')).toBe(false)
}

describe('importing a crafted export on the macos-container backend', () => {
  it('refuses an archive with another image named in its index, before loading anything', async () => {
    const file = await craft('extra-image', [named(artifact), named(victims[1]!)])
    await expectRefused(file, `its image archive would also name "${victims[1]}", which the snapshot ${artifact} does not own`)
  })

  it("refuses a foreign name in any of the index's name annotations (containerd's, the OCI ref name)", async () => {
    await expectRefused(
      await craft('containerd-name', [named(artifact, `docker.io/${victims[0]}`)]),
      `its image archive would also name "docker.io/${victims[0]}", which the snapshot ${artifact} does not own`,
    )
    await expectRefused(
      await craft('ref-name', [named(artifact, artifact, victims[0])]),
      `its image archive would also name "${victims[0]}", which the snapshot ${artifact} does not own`,
    )
  })

  it("refuses a snapshot that is not a name of its bottle's, such as a base image's", async () => {
    const file = await craft('foreign-snapshot', [named(victims[1]!)], victims[1])
    await expectRefused(
      file,
      `the snapshot is named "${victims[1]}", which is not a name of this bottle's (bottle/{slug}:{timestamp}, slug crafted): import it under the slug it was exported from (container cannot rename an image), with backends.macos-container.tagScheme as on the machine that exported it`,
    )
  })

  it('refuses a snapshot whose name already names an image here', async () => {
    double.addImage(artifact, {'/whose': 'the user'})
    try {
      const result = await box.bottle(['import', await craft('taken', [named(artifact)])], {env: double.env})
      expect(result.exitCode, result.stderr).toBe(2)
      expect(result.stderr.trim().split('\n').at(-1)).toBe(
        `bottle: refusing to import: ${artifact} already names an image here; loading would re-point it (remove it first: container image delete ${artifact})`,
      )
      expect(double.image(artifact)?.files).toEqual({'/whose': 'the user'})
    } finally {
      await execa('container', ['image', 'delete', artifact], {env: double.env})
    }
  })

  it('imports an archive that names only its snapshot, however the index spells it (docker.io/, the tag alone)', async () => {
    const file = await craft('own', [named(artifact, `docker.io/${artifact}`, '20260101-000000-000')])
    const result = await box.bottle(['import', file, '--json'], {env: double.env})
    expect(result.exitCode, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({slug, backend: 'macos-container', artifact})
    expect(double.image(artifact)?.files).toEqual({'/whose': 'the attacker'})
    for (const victim of victims) expect(double.image(victim)?.files).toEqual({'/whose': 'the user'})
  })
})
