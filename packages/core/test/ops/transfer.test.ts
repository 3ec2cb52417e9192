import {execa} from 'execa'
import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'

import {commitBottle} from '../../src/ops/commit.js'
import {launchBottle} from '../../src/ops/launch.js'
import {exportBottle, importBottle, pushBottle} from '../../src/ops/transfer.js'
import {fakeHost, world} from '../fake-backend.js'

let host: Awaited<ReturnType<typeof fakeHost>>
let artifact: string
beforeEach(async () => {
  host = await fakeHost()
  await launchBottle({...host, slug: 'demo', backend: 'fake', image: 'base:1', env: [], command: [], agentName: 'claude'})
  ;({artifact} = await commitBottle({...host, slug: 'demo'}))
})

describe('export and import', () => {
  it('moves a bottle through one file: the artifact by its backend, the metadata and snapshot by the host', async () => {
    const exported = await exportBottle({...host, slug: 'demo', cwd: host.root})
    expect(exported).toMatchObject({file: join(host.root, 'demo.bottle.tgz'), artifact, import: ['bottle import demo.bottle.tgz', 'bottle resume demo']})
    // No partial file is left beside the export.
    expect((await readdir(host.root)).filter((name) => name.includes('partial'))).toEqual([])

    const elsewhere = {...host, stateRoot: join(host.root, 'elsewhere')}
    const imported = await importBottle({...elsewhere, file: exported.file})
    expect(imported).toMatchObject({slug: 'demo', backend: 'fake', artifact, resume: 'bottle resume demo'})
    const metadata = JSON.parse(await readFile(join(elsewhere.stateRoot, 'demo', 'metadata.json'), 'utf8'))
    expect(metadata).toMatchObject({backend: 'fake', agentName: 'claude'})
    const history = JSON.parse(await readFile(join(elsewhere.stateRoot, 'demo', 'history.json'), 'utf8'))
    expect(history).toEqual([expect.objectContaining({artifact, via: 'import'})])
    expect(await readdir(join(elsewhere.stateRoot, 'demo'))).toContain('preserved')
  })

  it('never imports over an existing bottle, and leaves no state when the backend fails', async () => {
    const {file} = await exportBottle({...host, slug: 'demo', cwd: host.root})
    await expect(importBottle({...host, file})).rejects.toMatchObject({code: 'BOTTLE_BAD_INPUT', message: expect.stringContaining('already exists')})

    const elsewhere = {...host, stateRoot: join(host.root, 'elsewhere')}
    world().fail.importArtifact = 'engine down'
    await expect(importBottle({...elsewhere, file})).rejects.toMatchObject({code: 'BOTTLE_TOOL_FAILED'})
    // The slug's lock leaves the state root as it found it: here, not there at all.
    expect(await readdir(elsewhere.stateRoot).catch(() => [])).toEqual([])
  })

  it('refuses a file that is not a bottle export', async () => {
    await expect(importBottle({...host, file: join(host.root, 'nothing.tgz')})).rejects.toMatchObject({code: 'BOTTLE_BAD_INPUT'})
  })

  it('does not read a bottle.json bigger than any real one into memory', async () => {
    const dir = join(host.root, 'huge')
    await mkdir(join(dir, 'artifact'), {recursive: true})
    // Valid JSON, padded past 1 MiB: only its size is wrong.
    await writeFile(join(dir, 'bottle.json'), `${' '.repeat(2 * 1024 * 1024)}{}`)
    const file = join(host.root, 'huge.bottle.tgz')
    await execa('tar', ['-czf', file, '-C', dir, 'bottle.json', 'artifact'])
    await expect(importBottle({...host, file})).rejects.toMatchObject({
      code: 'BOTTLE_BAD_INPUT',
      message: `${file} is not a bottle export (its bottle.json is 2097154 bytes, over 1048576)`,
    })
  })

  it('push records the pushed reference as the newest snapshot and says how to resume it elsewhere', async () => {
    const pushed = await pushBottle({...host, slug: 'demo', reference: 'registry.example/demo:1'})
    expect(pushed).toMatchObject({pushed: 'registry.example/demo:1', elsewhere: 'bottle resume demo --from registry.example/demo:1 --backend fake'})
    const history = JSON.parse(await readFile(join(host.stateRoot, 'demo', 'history.json'), 'utf8'))
    expect(history.at(-1)).toMatchObject({artifact: 'registry.example/demo:1', via: 'push'})
  })

  it('refuses to export a bottle with no snapshot', async () => {
    await launchBottle({...host, slug: 'fresh', backend: 'fake', image: 'base:1', env: [], command: []})
    await expect(exportBottle({...host, slug: 'fresh', cwd: host.root})).rejects.toMatchObject({code: 'BOTTLE_NOT_FOUND', message: expect.stringContaining('bottle commit fresh')})
  })
})
