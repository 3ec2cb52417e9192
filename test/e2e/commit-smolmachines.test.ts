import {execa} from 'execa'
import {access, cp, mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {basename, join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {SMOLVM_DOUBLE, type SmolvmDouble, smolvmDouble, writeBottleMetadata} from '../support/doubles.js'

const slug = 'demo'
const name = `bot-bottle-${slug}`
let box: Sandbox
let double: SmolvmDouble

beforeEach(async () => {
  box = await makeSandbox()
  double = smolvmDouble(join(box.dir, 'smolvm'))
  await writeBottleMetadata(box.stateDir, slug, 'smolmachines')
})

afterEach(() => box.cleanup())

const packsDir = () => join(box.stateDir, slug, 'packs')
const committed = async () => JSON.parse(await readFile(join(box.stateDir, slug, 'committed.json'), 'utf8'))

describe('bottle commit on the smolmachines backend', () => {
  it("packs a stopped machine into the bottle's state folder and records the .smolmachine path", async () => {
    await double.addMachine({name, state: 'stopped', image: 'node:22'})
    const run = await box.bottle(['commit', slug], {env: double.env})
    expect(run.exitCode).toBe(0)
    const payload = run.stdout
    expect(payload).toMatch(new RegExp(`^${packsDir()}/\\d{8}-\\d{6}-\\d{3}\\.smolmachine$`))
    await access(payload)
    expect(await committed()).toMatchObject({artifact: payload, backend: 'smolmachines'})
    expect(run.stderr).toContain('warning: tmpfs contents (/tmp, /run, /dev/shm) are not in the pack')
    expect(run.stderr).toContain('warning: /workspace is not in the pack')
  })

  it('keeps one pack per commit and records the newest', async () => {
    await double.addMachine({name, state: 'stopped'})
    const first = await box.bottle(['commit', slug], {env: double.env})
    const second = await box.bottle(['commit', slug], {env: double.env})
    expect([first.exitCode, second.exitCode]).toEqual([0, 0])
    expect(second.stdout).not.toBe(first.stdout)
    await access(first.stdout)
    expect((await readdir(packsDir())).filter((file) => file.endsWith('.smolmachine'))).toHaveLength(2)
    expect((await committed()).artifact).toBe(second.stdout)
  })

  it('prints export hints that restore the machine on another host', async () => {
    await double.addMachine({name, state: 'stopped'})
    const run = await box.bottle(['commit', slug, '--json'], {env: double.env})
    const {artifact, export: hint} = JSON.parse(run.stdout)
    const stub = artifact.replace(/\.smolmachine$/, '')
    expect(hint).toEqual([`scp ${stub} ${artifact} OTHER-HOST:`, `smolvm machine create --name ${name} --from ${basename(artifact)}`, `smolvm machine start --name ${name}`])

    // The other host: the two files copied into its home, a smolvm of its own.
    const home = join(box.dir, 'other-host')
    await mkdir(home)
    for (const file of [stub, artifact]) await cp(file, join(home, basename(file)))
    const elsewhere = smolvmDouble(join(home, '.smolvm'))
    for (const line of hint.slice(1)) await execa('sh', ['-c', line], {cwd: home, env: elsewhere.env})
    expect(elsewhere.machineState(name)).toBe('running')
  })

  it('exits 4 when there is no such machine', async () => {
    const run = await box.bottle(['commit', slug], {env: double.env})
    expect(run.exitCode).toBe(4)
    expect(run.stderr).toBe(`bottle: no machine named ${name} (smolvm: Error: vm not found: ${name}) (backend smolmachines)`)
  })

  it("exits 5 with smolvm's own line when the pack fails, and keeps the earlier commit as it was", async () => {
    await double.addMachine({name, state: 'stopped'})
    const good = await box.bottle(['commit', slug], {env: double.env})
    const before = await committed()
    const run = await box.bottle(['commit', slug], {env: {...double.env, SMOLVM_DOUBLE_FAIL: 'pack'}})
    expect(run.exitCode).toBe(5)
    expect(run.stderr).toContain(`bottle: smolvm pack create of ${name} failed: Error: agent operation failed: pack from VM: export failed: injected by the test double`)
    expect(await committed()).toEqual(before)
    expect((await readdir(packsDir())).sort()).toEqual([basename(good.stdout, '.smolmachine'), basename(good.stdout)])
  })

  it('uses the smolvm binary set in the user config, found without PATH', async () => {
    await double.addMachine({name, state: 'stopped'})
    await mkdir(box.env.BOTTLE_CONFIG_DIR, {recursive: true})
    await writeFile(join(box.env.BOTTLE_CONFIG_DIR, 'config.json'), JSON.stringify({backends: {smolmachines: {binary: SMOLVM_DOUBLE}}}))
    const run = await box.bottle(['commit', slug, '--json'], {env: {SMOLVM_DATA_DIR: double.dir}})
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.stdout).export[1]).toMatch(new RegExp(`^${SMOLVM_DOUBLE} machine create`))
  })
})
