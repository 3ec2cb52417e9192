import {execa} from 'execa'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BOTTLE_BIN, type Sandbox, makeSandbox} from '../support/cli.js'
import {TEST_IMAGE, docker, removeContainers, removeImages} from '../support/docker.js'
import {bottleOnTerminal} from '../support/terminal.js'

// A prefix of this run's own, so that no other test's bottle shares a name.
const prefix = `btl${process.pid}-`
let box: Sandbox
const made: string[] = []

beforeAll(async () => {
  box = await makeSandbox()
  await mkdir(box.env.BOTTLE_CONFIG_DIR, {recursive: true})
  await writeFile(join(box.env.BOTTLE_CONFIG_DIR, 'config.json'), JSON.stringify({prefix}))
})

afterAll(async () => {
  const names = (await docker('ps', '-a', '--filter', `name=${prefix}`, '--format', '{{.Names}}')).split('\n').filter((n) => n.startsWith(prefix))
  await removeContainers(...names)
  await removeImages(...made)
  await box.cleanup()
})

async function launch(slug: string): Promise<void> {
  const run = await box.bottle(['launch', slug, '--image', TEST_IMAGE, '--', 'sleep', '100000'])
  expect(run.exitCode, run.stderr).toBe(0)
}

async function commit(slug: string, content: string): Promise<string> {
  await docker('exec', `${prefix}${slug}`, 'sh', '-c', `echo ${content} > /root/work.txt`)
  const run = await box.bottle(['commit', slug])
  expect(run.exitCode, run.stderr).toBe(0)
  made.push(run.stdout)
  return run.stdout
}

const exists = (name: string) => execa('docker', ['inspect', name], {reject: false}).then((r) => r.exitCode === 0)
const state = (slug: string, file: string) => readFile(join(box.stateDir, slug, file), 'utf8').then(JSON.parse)

describe('rm, export/import through a pipe, resume --snapshot, snapshots rm', () => {
  it('rm of several slugs: each reported, one that fails does not stop the others, the exit code is the worst', async () => {
    await launch('one')
    await launch('two')
    const run = await box.bottle(['rm', 'one', 'nope', 'two', '--force'])
    expect(run.exitCode).toBe(4)
    expect(run.stderr.split('\n')).toEqual([
      `removing ${prefix}one`,
      `removed ${prefix}one`,
      `bottle: nope: no bottle nope: no ${prefix}nope on docker and no state in ${join(box.stateDir, 'nope')}`,
      `removing ${prefix}two`,
      `removed ${prefix}two`,
    ])
    expect(await exists(`${prefix}one`)).toBe(false)
    expect(await exists(`${prefix}two`)).toBe(false)

    await launch('three')
    const json = await box.bottle(['rm', 'three', 'nope', '--json', '--force'])
    expect(json.exitCode).toBe(4)
    expect(JSON.parse(json.stdout).bottles).toEqual([
      expect.objectContaining({slug: 'three', removed: true, stateKept: false}),
      {slug: 'nope', error: expect.objectContaining({code: 'BOTTLE_NOT_FOUND', exitCode: 4})},
    ])
    // A bad slug among them: refused before any bottle is touched.
    await launch('four')
    expect((await box.bottle(['rm', 'four', '../x'])).exitCode).toBe(2)
    expect(await exists(`${prefix}four`)).toBe(true)
  })

  it('export -o - | import - --as: the export alone on stdout, messages on stderr, restored under the new slug', async () => {
    await launch('src')
    const artifact = await commit('src', 'piped')
    const pipe = await execa('bash', ['-o', 'pipefail', '-c', `node '${BOTTLE_BIN}' export src -o - 2>export.err | node '${BOTTLE_BIN}' import - --as copy`], {
      cwd: box.dir,
      env: box.env,
      reject: false,
    })
    expect(pipe.exitCode, pipe.stderr).toBe(0)
    expect(pipe.stdout).toBe('copy')
    expect(await readFile(join(box.dir, 'export.err'), 'utf8')).toContain('wrote the export to stdout')
    // Named as the new bottle's snapshot: its rm --purge cannot untag the original's.
    const copied = artifact.replace('/src:', '/copy:')
    made.push(copied)
    expect(await state('copy', 'history.json')).toEqual([expect.objectContaining({artifact: copied, via: 'import'})])
    const resumed = await box.bottle(['resume', 'copy'])
    expect(resumed.exitCode, resumed.stderr).toBe(0)
    expect(await docker('exec', `${prefix}copy`, 'cat', '/root/work.txt')).toBe('piped')

    // The raw bytes are a gzip stream: nothing but the export went to stdout.
    const raw = await execa(process.execPath, [BOTTLE_BIN, 'export', 'src', '-o', '-'], {env: box.env, encoding: 'buffer', reject: false})
    expect([...raw.stdout.subarray(0, 2)]).toEqual([0x1f, 0x8b])

    const onTerminal = await bottleOnTerminal(box, ['export', 'src', '-o', '-'], {})
    expect(onTerminal.exitCode).toBe(2)
    expect(onTerminal.output).toContain('bottle: -o - would write the export to this terminal')
    const withJson = await box.bottle(['export', 'src', '-o', '-', '--json'])
    expect(withJson.exitCode).toBe(2)
  })

  it('import FILE --as beside the original; a missing file or a non-export is named, exit 2', async () => {
    expect((await box.bottle(['export', 'src', '-o', 'src.tgz'])).exitCode).toBe(0)
    expect((await box.bottle(['import', 'src.tgz'])).exitCode).toBe(2)
    const as = await box.bottle(['import', 'src.tgz', '--as', 'second'])
    expect(as.exitCode, as.stderr).toBe(0)
    expect(as.stdout).toBe('second')
    const [original] = (await box.bottle(['snapshots', 'src', '-q'])).stdout.split('\n')
    const [copied] = (await box.bottle(['snapshots', 'second', '-q'])).stdout.split('\n')
    made.push(copied!)
    expect(copied).toBe(original!.replace('/src:', '/second:'))
    // The copy's rm --purge removes its own name only: the original's snapshot stays.
    expect((await box.bottle(['rm', 'second', '--purge', '--yes'])).exitCode).toBe(0)
    expect(await exists(original!)).toBe(true)
    expect(await exists(copied!)).toBe(false)
    const missing = await box.bottle(['import', '/nonexistent.tgz'])
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toBe('bottle: cannot read /nonexistent.tgz: no such file')
    const notExport = await box.bottle(['import', '-'], {input: 'not a tar'})
    expect(notExport.exitCode).toBe(2)
    expect(notExport.stderr).toBe('bottle: cannot read stdin as a bottle export (not in gzip format); give a file bottle export wrote')
    expect((await box.bottle(['import', 'src.tgz', '--as', 'Bad/Slug'])).exitCode).toBe(2)
  })

  it('resume --snapshot brings back an older snapshot (by tag), replacing only with --replace, and records the -e names', async () => {
    await launch('hist')
    const first = await commit('hist', 'v1')
    const second = await commit('hist', 'v2')
    const tag = first.slice(first.lastIndexOf(':') + 1)
    const refused = await box.bottle(['resume', 'hist', '--snapshot', tag])
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain(`bottle resume hist --snapshot ${tag} --replace`)
    const resumed = await box.bottle(['resume', 'hist', '--snapshot', tag, '--replace', '-e', 'API_TOKEN=sk-1'])
    expect(resumed.exitCode, resumed.stderr).toBe(0)
    expect(await docker('exec', `${prefix}hist`, 'cat', '/root/work.txt')).toBe('v1')
    const metadata = await state('hist', 'metadata.json')
    expect(metadata).toMatchObject({resumedFrom: first, envNames: ['API_TOKEN']})
    expect(JSON.stringify(metadata)).not.toContain('sk-1')
    // Resumed from it already: nothing to do.
    expect((await box.bottle(['resume', 'hist', '--snapshot', first, '--json'])).stdout).toContain('"action": "none"')
    expect((await box.bottle(['resume', 'hist', '--snapshot', 'nope'])).exitCode).toBe(4)
    expect((await box.bottle(['resume', 'hist', '--snapshot', tag, '--from', second])).exitCode).toBe(2)
  })

  it('snapshots rm removes one artifact and its history entry; the one the bottle runs on is refused', async () => {
    const [second, first] = (await box.bottle(['snapshots', 'hist', '-q'])).stdout.split('\n')
    const inUse = await box.bottle(['snapshots', 'rm', 'hist', first!])
    expect(inUse.exitCode, inUse.stderr).toBe(2)
    expect(inUse.stderr).toMatch(new RegExp(`^bottle: ${prefix}hist was started from ${first} and still uses it`))
    expect(await exists(first!)).toBe(true)

    const removed = await box.bottle(['snapshots', 'rm', 'hist', second!])
    expect(removed.exitCode, removed.stderr).toBe(0)
    expect(removed.stdout).toBe(second)
    expect(await exists(second!)).toBe(false)
    expect((await state('hist', 'history.json')).map((s: {artifact: string}) => s.artifact)).toEqual([first])
    expect((await state('hist', 'committed.json')).artifact).toBe(first)
    expect((await box.bottle(['snapshots', 'rm', 'hist', second!])).exitCode).toBe(4)

    // Once the bottle is gone, its snapshot can go too.
    expect((await box.bottle(['rm', 'hist', '--force'])).exitCode).toBe(0)
    expect((await box.bottle(['snapshots', 'rm', 'hist', first!])).exitCode).toBe(0)
    expect(await exists(first!)).toBe(false)
    expect(await state('hist', 'history.json')).toEqual([])
    await expect(readFile(join(box.stateDir, 'hist', 'committed.json'))).rejects.toThrow()
  })
})
