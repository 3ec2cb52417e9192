import {execa} from 'execa'
import {mkdir, readdir, writeFile} from 'node:fs/promises'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {TEST_IMAGE, docker, removeImages} from '../support/docker.js'
import {packExport} from '../support/export-file.js'

// Threat model, "an export": importing a crafted .bottle.tgz touches only its own bottle.
const run = `${process.pid}`
const slug = `crafted-${run}`
const artifact = `bottle/${slug}:20260101-000000-000`
/** Stand-ins for images the user has: another bottle's snapshot and a base image. */
const victims = [`bottle/other-${run}:20250101-000000-000`, `victim-${run}/node:22`]
/** Keeps the crafted image between the tests, whatever tags they take away. */
const keeper = `crafted-keeper-${run}/evil:1`
let box: Sandbox
let baseId: string
let evilId: string

beforeAll(async () => {
  box = await makeSandbox()
  baseId = await docker('image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE)
  for (const victim of victims) await docker('tag', TEST_IMAGE, victim)
  await execa('docker', ['build', '--quiet', '--tag', artifact, '-'], {input: `FROM ${TEST_IMAGE}\nLABEL crafted=${run}\n`})
  evilId = await docker('image', 'inspect', '--format', '{{.Id}}', artifact)
  await docker('tag', artifact, keeper)
})

afterAll(async () => {
  await removeImages(artifact, ...victims, keeper)
  await box.cleanup()
})

/** Writes a .bottle.tgz around a `docker save` of `refs` (all tagging the crafted image), the snapshot named `named`. */
async function craft(name: string, refs: readonly string[], named = artifact, extra: (dir: string) => Promise<void> = async () => {}): Promise<string> {
  const dir = join(box.dir, name)
  await mkdir(join(dir, 'artifact'), {recursive: true})
  for (const ref of refs) await docker('tag', evilId, ref)
  await docker('save', '-o', join(dir, 'artifact', 'image.tar'), ...refs)
  // Put the user's images back, and drop the crafted one, as on a machine that never had it.
  for (const victim of victims) await docker('tag', TEST_IMAGE, victim)
  await removeImages(...refs.filter((ref) => !victims.includes(ref)))
  await extra(dir)
  return packExport(dir, join(box.dir, `${name}.bottle.tgz`), {slug, backend: 'docker', artifact: named})
}

/** Rewrites one member of the crafted export's image archive with `content` as JSON, as an attacker would. */
async function rewriteMember(dir: string, member: string, content: unknown): Promise<void> {
  const image = join(dir, 'artifact', 'image.tar')
  const unpacked = join(dir, 'unpacked')
  await mkdir(unpacked)
  await execa('tar', ['-xf', image, '-C', unpacked])
  await writeFile(join(unpacked, member), JSON.stringify(content))
  await execa('tar', ['-cf', image, '-C', unpacked, '.'])
}

async function expectUntouched(): Promise<void> {
  for (const victim of victims) expect(await docker('image', 'inspect', '--format', '{{.Id}}', victim)).toBe(baseId)
  expect(await readdir(box.stateDir).catch(() => [])).not.toContain(slug)
}

describe('importing a crafted export', () => {
  it('refuses an image archive that also tags other images (manifest.json RepoTags), before loading anything', async () => {
    const file = await craft('extra-tags', [artifact, ...victims])
    const result = await box.bottle(['import', file])
    expect(result.exitCode).toBe(2)
    expect(result.stderr.split('\n').at(-1)).toBe(
      `bottle: refusing to import: its image archive would also tag "${victims[0]}", "${victims[1]}", which the snapshot ${artifact} does not own`,
    )
    await expectUntouched()
    expect((await execa('docker', ['image', 'inspect', artifact], {reject: false})).exitCode).toBe(1)
  })

  it('refuses tags smuggled in a legacy repositories file', async () => {
    // docker save writes a v1 repositories file too: rewrite it to name a victim.
    const file = await craft('repositories', [artifact], artifact, (dir) => rewriteMember(dir, 'repositories', {[`victim-${run}/node`]: {'22': 'a'.repeat(64)}}))
    const result = await box.bottle(['import', file])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain(`would also tag "victim-${run}/node:22"`)
    await expectUntouched()
  })

  it('refuses tags smuggled in an OCI index.json annotation (containerd imports by it)', async () => {
    const file = await craft('oci-index', [artifact], artifact, (dir) =>
      rewriteMember(dir, 'index.json', {
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: `sha256:${'b'.repeat(64)}`,
            size: 1,
            annotations: {'io.containerd.image.name': `docker.io/victim-${run}/node:22`},
          },
        ],
      }),
    )
    const result = await box.bottle(['import', file])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain(`would also tag "victim-${run}/node:22"`)
    await expectUntouched()
  })

  it("refuses a snapshot named outside the bottle's own names (it would take over node:22)", async () => {
    const file = await craft('foreign-name', [victims[1]!], victims[1])
    const result = await box.bottle(['import', file])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(new RegExp(`\nbottle: refusing to import: the snapshot is named "${victims[1]}", which is not a name of this bottle's`))
    await expectUntouched()
  })

  it("refuses when the snapshot's own name already names another image here", async () => {
    const file = await craft('taken-name', [artifact])
    await docker('tag', TEST_IMAGE, artifact)
    try {
      const result = await box.bottle(['import', file])
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toMatch(new RegExp(`\nbottle: refusing to import: ${artifact} already names another image here`))
      expect(await docker('image', 'inspect', '--format', '{{.Id}}', artifact)).toBe(baseId)
      await expectUntouched()
    } finally {
      await removeImages(artifact)
    }
  })

  it('stops at --max-size while unpacking, with a clear line and nothing kept', async () => {
    const file = await craft('big', [artifact])
    const result = await box.bottle(['import', file, '--max-size', '64K'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toBe(`bottle: ${file} unpacks to more than 64 KiB, the most bottle import unpacks; if you expect a snapshot this big, raise it with --max-size`)
    await expectUntouched()
    const bad = await box.bottle(['import', file, '--max-size', 'lots'])
    expect([bad.exitCode, bad.stderr]).toEqual([2, 'bottle: invalid size "lots": use bytes or a number with K, M, G or T (e.g. 20G)'])
  })

  it("waits for no one: an import while the slug's lock is held exits 9 and changes nothing", async () => {
    const file = await craft('locked', [artifact])
    await mkdir(join(box.stateDir, '.locks'), {recursive: true})
    const lock = join(box.stateDir, '.locks', `${slug}.lock`)
    await writeFile(lock, JSON.stringify({pid: process.pid, host: hostname(), token: 'test', since: new Date().toISOString()}))
    try {
      const result = await box.bottle(['import', file])
      expect(result.exitCode).toBe(9)
      await expectUntouched()
    } finally {
      await execa('rm', ['-f', lock])
    }
  })

  it('imports a well-formed export of its own name, and records the image it loaded', async () => {
    const file = await craft('genuine', [artifact])
    const result = await box.bottle(['import', file, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({slug, artifact})
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', artifact)).toBe(evilId)
    for (const victim of victims) expect(await docker('image', 'inspect', '--format', '{{.Id}}', victim)).toBe(baseId)
  })
})
