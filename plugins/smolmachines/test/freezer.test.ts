import {access, mkdtemp, readFile, readdir, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {type Answer, testFreezeContext} from '@bottle/core/testing'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type SmolvmDouble, smolvmDouble} from './double/index.js'
import freezer from '../src/freezer.js'

const NAME = 'bot-bottle-demo'
let root: string
let stateDir: string
let double: SmolvmDouble

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bottle-smol-'))
  stateDir = join(root, 'state', 'demo')
  double = smolvmDouble(join(root, 'smolvm'))
})

afterEach(() => rm(root, {recursive: true, force: true}))

async function freeze(answer: Answer = 'no', env: Record<string, string> = {}, wish: {live?: boolean; includeWorkspace?: boolean} = {}, options: Record<string, unknown> = {}) {
  const run = await testFreezeContext(freezer, {slug: 'demo', stateDir, env: {...double.env, ...env}, answer, options})
  return {...run, result: freezer.freeze({...run.ctx, ...wish})}
}

/** The calls after the two questions asked together (the machine's status, smolvm's version): what the freezer did. */
async function actions(): Promise<string[][]> {
  const calls = await double.calls()
  expect(calls.slice(0, 2)).toEqual(expect.arrayContaining([['machine', 'status', '--name', NAME, '--json'], ['--version']]))
  return calls.slice(2)
}

const packs = () => readdir(join(stateDir, 'packs')).catch(() => [])

describe('smolmachines freezer', () => {
  it('packs a stopped machine into the state folder and returns the .smolmachine path', async () => {
    await double.addMachine({name: NAME, state: 'stopped'})
    const {result, asked, warnings} = await freeze()
    const payload = await result
    expect(payload).toMatch(new RegExp(`^${stateDir}/packs/\\d{8}-\\d{6}-\\d{3}\\.smolmachine$`))
    const out = payload.replace(/\.smolmachine$/, '')
    await access(payload)
    await access(out)
    expect(asked).toEqual([])
    expect(await actions()).toEqual([['pack', 'create', '--from-vm', NAME, '-o', out]])
    expect(warnings).toEqual(['tmpfs contents (/tmp, /run, /dev/shm) are not in the pack'])
  })

  it('says that /workspace stays behind for a machine made from an image', async () => {
    await double.addMachine({name: NAME, state: 'stopped', image: 'python:3.12'})
    const {result, warnings} = await freeze()
    await result
    expect(warnings).toContain(
      '/workspace is not in the pack: machines made from an image (python:3.12) keep it on a separate storage disk; commit with --include-workspace to keep it',
    )
  })

  it.each([
    ['the commit flag', {includeWorkspace: true}, {}],
    ['the config option', {}, {includeWorkspace: true}],
  ])('keeps /workspace with %s where pack create has --include-workspace, and does not warn', async (_how, wish, options) => {
    await double.addMachine({name: NAME, state: 'stopped', image: 'python:3.12'})
    double.writeFile(NAME, '/workspace/work.txt', 'agent work')
    const {result, warnings} = await freeze('no', {}, wish, options)
    const payload = await result
    expect(await actions()).toEqual([
      ['pack', 'create', '--help'],
      ['pack', 'create', '--from-vm', NAME, '--include-workspace', '-o', payload.replace(/\.smolmachine$/, '')],
    ])
    expect(warnings.join('\n')).not.toContain('/workspace')
    expect(JSON.parse(await readFile(payload, 'utf8')).files).toEqual({'/workspace/work.txt': 'agent work'})
  })

  it.each(['1.9.3', '1.13.1'] as const)('on %s refuses --include-workspace before stopping anything', async (release) => {
    double = smolvmDouble(double.dir, release)
    await double.addMachine({name: NAME, state: 'running', image: 'python:3.12'})
    const {result, asked} = await freeze('yes', {}, {includeWorkspace: true})
    await expect(result).rejects.toMatchObject({
      code: 'BOTTLE_BAD_INPUT',
      message: `smolvm ${release} has no pack create --include-workspace (1.17.0 has): upgrade it, or commit without --include-workspace (and without backends.smolmachines.includeWorkspace)`,
    })
    expect(asked).toEqual([])
    expect(double.machineState(NAME)).toBe('running')
    expect(await packs()).toEqual([])
  })

  it('warns that smolvm before 1.8.1 writes lossy packs', async () => {
    double = smolvmDouble(double.dir, '1.0.2')
    await double.addMachine({name: NAME, state: 'stopped'})
    const {result, warnings} = await freeze()
    await result
    expect(warnings).toContain(
      "smolvm 1.0.2 writes lossy packs (before 1.8.0 the image's environment and its layers past the third, before 1.8.1 file owners): upgrade smolvm and commit again",
    )
  })

  it.each([
    ['1.13.1', '.smolcheckpoint'],
    ['1.17.0', '.smolcheckpoint'],
    ['1.19.1', '.checkpoint'],
    ['1.23.0', '.smolcheckpoint'],
  ] as const)('on %s checkpoints a running machine with --live, into a %s file: no question, memory kept, it keeps running', async (release, suffix) => {
    double = smolvmDouble(double.dir, release)
    await double.addMachine({name: NAME, state: 'running'})
    double.writeMemory(NAME, 'agent', 'mid-thought')
    const {result, asked, warnings} = await freeze('no-terminal', {}, {live: true})
    const file = await result
    expect(file).toMatch(new RegExp(`^${stateDir}/packs/\\d{8}-\\d{6}-\\d{3}\\${suffix}$`))
    expect(asked).toEqual([])
    expect(warnings).toEqual([])
    expect(await actions()).toEqual([['machine', 'checkpoint', '--name', NAME, '-o', file]])
    expect(double.machineState(NAME)).toBe('running')
    expect(JSON.parse(await readFile(file, 'utf8')).memory).toEqual({agent: 'mid-thought'})
  })

  it.each(['1.0.2', '1.9.3'] as const)('on %s refuses --live (no checkpoint) before stopping anything', async (release) => {
    double = smolvmDouble(double.dir, release)
    await double.addMachine({name: NAME, state: 'running'})
    const {result, asked} = await freeze('yes', {}, {live: true})
    await expect(result).rejects.toMatchObject({
      code: 'BOTTLE_BAD_INPUT',
      message: `smolvm ${release} has no machine checkpoint (1.13.1 and later have): upgrade it, or commit without --live (it asks before stopping ${NAME} to pack it)`,
    })
    expect(asked).toEqual([])
    expect(await actions()).toEqual([])
    expect(double.machineState(NAME)).toBe('running')
  })

  it('packs a stopped machine with --live: there is no memory to keep, and nothing to stop', async () => {
    await double.addMachine({name: NAME, state: 'stopped'})
    const {result, asked} = await freeze('no-terminal', {}, {live: true})
    expect(await result).toMatch(/\.smolmachine$/)
    expect(asked).toEqual([])
  })

  it('removes what a failed checkpoint wrote', async () => {
    await double.addMachine({name: NAME, state: 'running'})
    const {result} = await freeze('no', {SMOLVM_DOUBLE_FAIL: 'checkpoint'}, {live: true})
    await expect(result).rejects.toMatchObject({
      code: 'BOTTLE_TOOL_FAILED',
      message: expect.stringContaining('smolvm machine checkpoint of bot-bottle-demo failed: Error: config operation failed: checkpoint machine: injected'),
    })
    expect(await packs()).toEqual([])
  })

  it('gives every commit a pack of its own', async () => {
    await double.addMachine({name: NAME, state: 'stopped'})
    const first = await (await freeze()).result
    const second = await (await freeze()).result
    expect(second).not.toBe(first)
    const stubs = [first, second].map((payload) => basename(payload, '.smolmachine'))
    expect((await packs()).sort()).toEqual([stubs[0], `${stubs[0]}.smolmachine`, stubs[1], `${stubs[1]}.smolmachine`])
  })

  it('asks before stopping a running machine, then stops it before packing', async () => {
    await double.addMachine({name: NAME, state: 'running'})
    const {result, asked} = await freeze('yes')
    await result
    expect(asked).toEqual([`Stop the running bottle ${NAME} so that it can be committed?`])
    expect((await actions()).map((argv) => argv.slice(0, 2).join(' '))).toEqual(['machine stop', 'pack create'])
    expect(double.machineState(NAME)).toBe('stopped')
  })

  it.each<[Answer, string]>([
    ['no', 'BOTTLE_CANCELLED'],
    ['no-terminal', 'BOTTLE_CONFIRMATION_REQUIRED'],
  ])('leaves a running machine alone when the answer is %s', async (answer, code) => {
    await double.addMachine({name: NAME, state: 'running'})
    const {result} = await freeze(answer)
    await expect(result).rejects.toMatchObject({code})
    expect(await actions()).toEqual([])
    expect(double.machineState(NAME)).toBe('running')
    await expect(access(stateDir)).rejects.toThrow()
  })

  it('reports a missing machine as not found', async () => {
    const {result} = await freeze()
    await expect(result).rejects.toMatchObject({code: 'BOTTLE_NOT_FOUND', message: `no machine named ${NAME} (smolvm: Error: vm not found: ${NAME})`})
  })

  it("fails with smolvm's own line when it refuses to pack, leaving no pack behind", async () => {
    await double.addMachine({name: NAME, state: 'created'})
    const {result} = await freeze()
    await expect(result).rejects.toMatchObject({
      code: 'BOTTLE_TOOL_FAILED',
      message: `smolvm pack create of ${NAME} failed: Error: agent operation failed: pack from VM: VM '${NAME}' has no storage disk yet`,
    })
    expect(await packs()).toEqual([])
  })

  it('removes the part of a pack written before smolvm failed', async () => {
    await double.addMachine({name: NAME, state: 'stopped'})
    const {result} = await freeze('no', {SMOLVM_DOUBLE_FAIL: 'pack'})
    await expect(result).rejects.toMatchObject({code: 'BOTTLE_TOOL_FAILED', message: expect.stringContaining('injected by the test double')})
    expect(await packs()).toEqual([])
  })

  it('hints at copying both files and creating the machine from the payload', () => {
    const artifact = '/home/me/bottle state/demo/packs/20261130-004512-123.smolmachine'
    expect(freezer.exportHint!({slug: 'demo', bottleName: NAME, artifact, options: {binary: 'smolvm', includeWorkspace: false}})).toEqual([
      "scp '/home/me/bottle state/demo/packs/20261130-004512-123' '/home/me/bottle state/demo/packs/20261130-004512-123.smolmachine' OTHER-HOST:",
      `smolvm machine create --name ${NAME} --from 20261130-004512-123.smolmachine`,
      `smolvm machine start --name ${NAME}`,
    ])
  })
})

describe('smolmachines exportHint of a checkpoint', () => {
  it('copies the one file and restores it with machine create --from', () => {
    const artifact = '/state/demo/packs/20261130-004512-123.smolcheckpoint'
    expect(freezer.exportHint!({slug: 'demo', bottleName: NAME, artifact, options: {binary: 'smolvm', includeWorkspace: false}})).toEqual([
      `scp ${artifact} OTHER-HOST:`,
      `smolvm machine create --name ${NAME} --from 20261130-004512-123.smolcheckpoint`,
      `smolvm machine start --name ${NAME}`,
    ])
  })
})
