import {access, mkdtemp, readdir, rm} from 'node:fs/promises'
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

async function freeze(answer: Answer = 'no', env: Record<string, string> = {}) {
  const run = await testFreezeContext(freezer, {slug: 'demo', stateDir, env: {...double.env, ...env}, answer})
  return {...run, result: freezer.freeze(run.ctx)}
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
    expect(await double.calls()).toEqual([
      ['machine', 'status', '--name', NAME, '--json'],
      ['pack', 'create', '--from-vm', NAME, '-o', out],
    ])
    expect(warnings).toEqual(['tmpfs contents (/tmp, /run, /dev/shm) are not in the pack'])
  })

  it('says that /workspace stays behind for a machine made from an image', async () => {
    await double.addMachine({name: NAME, state: 'stopped', image: 'python:3.12'})
    const {result, warnings} = await freeze()
    await result
    expect(warnings).toContain('/workspace is not in the pack: machines made from an image (python:3.12) keep it on a separate storage disk')
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
    expect((await double.calls()).map((argv) => argv.slice(0, 2).join(' '))).toEqual(['machine status', 'machine stop', 'pack create'])
    expect(double.machineState(NAME)).toBe('stopped')
  })

  it.each<[Answer, string]>([
    ['no', 'BOTTLE_CANCELLED'],
    ['no-terminal', 'BOTTLE_CONFIRMATION_REQUIRED'],
  ])('leaves a running machine alone when the answer is %s', async (answer, code) => {
    await double.addMachine({name: NAME, state: 'running'})
    const {result} = await freeze(answer)
    await expect(result).rejects.toMatchObject({code})
    expect(await double.calls()).toHaveLength(1)
    expect(double.machineState(NAME)).toBe('running')
    await expect(access(stateDir)).rejects.toThrow()
  })

  it('reports a missing machine as not found', async () => {
    const {result} = await freeze()
    await expect(result).rejects.toMatchObject({code: 'BOTTLE_NOT_FOUND', message: `no machine named ${NAME} (smolvm: Error: machine '${NAME}' not found)`})
  })

  it('fails with smolvm\'s own line when it refuses to pack, leaving no pack behind', async () => {
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
    expect(freezer.exportHint!({slug: 'demo', bottleName: NAME, artifact, options: {binary: 'smolvm'}})).toEqual([
      "scp '/home/me/bottle state/demo/packs/20261130-004512-123' '/home/me/bottle state/demo/packs/20261130-004512-123.smolmachine' OTHER-HOST:",
      `smolvm machine create --name ${NAME} --from 20261130-004512-123.smolmachine`,
      `smolvm machine start --name ${NAME}`,
    ])
  })
})
