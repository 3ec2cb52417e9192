import {execa} from 'execa'
import {mkdtemp, rm, stat} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {CONTAINER_DOUBLE, SMOLVM_DOUBLE, containerDouble, smolvmDouble} from '../support/doubles.js'

// The doubles stand in for tools that do not run here: these pin the behaviour they copy.
let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bottle-doubles-'))
})
afterEach(() => rm(dir, {recursive: true, force: true}))

describe('the container double', () => {
  const run = (version: string, ...args: string[]) => execa(CONTAINER_DOUBLE, args, {reject: false, env: containerDouble(join(dir, 'state'), version).env})

  it('refuses to export a running container before 1.2.1 and exports it from 1.2.1', async () => {
    await containerDouble(join(dir, 'state')).addContainer({id: 'c', state: 'running'})
    const refused = await run('1.2.0', 'export', '-o', join(dir, 'a.tar'), 'c')
    expect([refused.exitCode, refused.stderr]).toEqual([1, 'Error: internalError: "failed to export container" (cause: "invalidState: "container is not stopped"")'])
    const exported = await run('1.2.1', 'export', '-o', join(dir, 'b.tar'), 'c')
    expect([exported.exitCode, exported.stdout]).toEqual([0, ''])
    expect((await stat(join(dir, 'b.tar'))).size).toBeGreaterThan(0)
  })

  it('prints status.state from 1.0 and a plain status string before', async () => {
    await containerDouble(join(dir, 'state')).addContainer({id: 'c', state: 'stopped'})
    expect(JSON.parse((await run('1.0.0', 'inspect', 'c')).stdout)[0]).toMatchObject({id: 'c', status: {state: 'stopped'}})
    expect(JSON.parse((await run('0.11.0', 'inspect', 'c')).stdout)[0]).toMatchObject({status: 'stopped'})
  })

  it('answers a missing id with [] before 1.0 and notFound from 1.0', async () => {
    expect(await run('0.11.0', 'inspect', 'nope')).toMatchObject({exitCode: 0, stdout: '[]'})
    expect(await run('1.0.0', 'inspect', 'nope')).toMatchObject({exitCode: 1, stderr: 'Error: notFound: "container not found: nope"'})
  })

  it('exits 64 on argument errors, and stop prints the id also for a stopped container', async () => {
    expect((await run('1.2.1', 'export')).exitCode).toBe(64)
    expect((await run('1.2.1', 'export', '--bogus', 'c')).exitCode).toBe(64)
    await containerDouble(join(dir, 'state')).addContainer({id: 'c', state: 'stopped'})
    expect(await run('1.2.1', 'stop', 'c')).toMatchObject({exitCode: 0, stdout: 'c'})
  })

  it('runs a container from an image with its files, starts, deletes only stopped ones, lists and deletes images', async () => {
    const double = containerDouble(join(dir, 'state'))
    double.addImage('img:1', {'/a': 'A'})
    expect(await run('1.2.1', 'run', '--name', 'c', '-d', '-e', 'K=V', 'img:1', 'sleep', '9')).toMatchObject({exitCode: 0, stdout: 'c'})
    const [inspected] = JSON.parse((await run('1.2.1', 'inspect', 'c')).stdout)
    expect(inspected.configuration.initProcess).toMatchObject({executable: 'sleep', arguments: ['9'], environment: ['K=V']})
    expect(inspected.status.state).toBe('running')
    expect(double.readFile('c', '/a')).toBe('A')
    expect(await run('1.2.1', 'run', '--name', 'c', '-d', 'img:1')).toMatchObject({exitCode: 1, stderr: 'Error: exists: "container with id c already exists"'})
    expect((await run('1.2.1', 'delete', 'c')).exitCode).toBe(1)
    await run('1.2.1', 'stop', 'c')
    expect(await run('1.2.1', 'start', 'c')).toMatchObject({exitCode: 0, stdout: 'c'})
    expect(await run('1.2.1', 'delete', '--force', 'c')).toMatchObject({exitCode: 0, stdout: 'c'})
    expect((await run('1.2.1', 'inspect', 'c')).exitCode).toBe(1)
    expect(JSON.parse((await run('1.2.1', 'image', 'list', '--format', 'json')).stdout)).toEqual([
      {id: expect.stringMatching(/^sha256:/), configuration: {name: 'img:1'}, variants: []},
    ])
    expect(await run('1.2.1', 'image', 'delete', 'img:1')).toMatchObject({exitCode: 0, stdout: 'img:1'})
    expect(await run('1.2.1', 'image', 'delete', 'img:1')).toMatchObject({exitCode: 1, stderr: 'Error: notFound: "image not found: img:1"'})
    expect((await run('1.0.0', '--version')).stdout).toMatch(/^container CLI version 1\.0\.0 /)
  })

  it('records every call', async () => {
    await run('1.2.1', 'inspect', 'x', 'y')
    expect(await containerDouble(join(dir, 'state')).calls()).toEqual([['inspect', 'x', 'y']])
  })
})

describe('the smolvm double', () => {
  const run = (...args: string[]) => execa(SMOLVM_DOUBLE, args, {reject: false, env: smolvmDouble(dir).env})

  it('refuses to pack a running machine, naming the stop command', async () => {
    await smolvmDouble(dir).addMachine({name: 'm', state: 'running'})
    expect(await run('pack', 'create', '--from-vm', 'm', '-o', join(dir, 'out'))).toMatchObject({
      exitCode: 1,
      stderr: "Error: agent operation failed: pack from VM: VM 'm' is running. Stop it first with: smolvm machine stop --name m",
    })
  })

  it('refuses an -o that names the sidecar, and a missing VM', async () => {
    await smolvmDouble(dir).addMachine({name: 'm', state: 'stopped'})
    expect((await run('pack', 'create', '--from-vm', 'm', '-o', 'x.smolmachine')).stderr).toBe(
      'Error: --output names the executable stub, not the .smolmachine sidecar',
    )
    expect((await run('pack', 'create', '--from-vm', 'gone', '-o', 'x')).stderr).toBe("Error: agent operation failed: pack from VM: VM 'gone' not found")
  })

  it('writes the stub and the sidecar, with progress on stdout', async () => {
    await smolvmDouble(dir).addMachine({name: 'm', state: 'stopped'})
    const out = join(dir, 'out')
    const packed = await run('pack', 'create', '--from-vm', 'm', '-o', out)
    expect(packed.stdout).toMatch(new RegExp(`^Packing VM 'm' snapshot...\\nPacked: ${out} \\(stub: \\d+KB, total: \\d+KB\\)\\nAssets: ${out}.smolmachine \\(\\d+KB\\)$`))
    expect((await stat(out)).mode & 0o111).not.toBe(0)
    await stat(`${out}.smolmachine`)
  })

  it('creates a machine from an image, lists machines as JSON, deletes only stopped ones, and tells its version', async () => {
    expect(await run('machine', 'create', '--name', 'm', '--image', 'node:22', '--env', 'K=V', '--', 'sleep', '9')).toMatchObject({exitCode: 0, stdout: 'Created machine: m'})
    expect(JSON.parse((await run('machine', 'ls', '--json')).stdout)).toEqual([expect.objectContaining({name: 'm', state: 'created', image: 'node:22'})])
    await run('machine', 'start', '--name', 'm')
    expect((await run('machine', 'delete', '--name', 'm')).stderr).toBe("Error: machine 'm' is running. Stop it first with: smolvm machine stop --name m")
    await run('machine', 'stop', '--name', 'm')
    expect(await run('machine', 'delete', '--name', 'm')).toMatchObject({exitCode: 0, stdout: 'Deleted machine: m'})
    expect((await run('machine', 'ls', '--json')).stdout).toBe('[]')
    expect((await run('--version')).stdout).toBe('smolvm 1.0.2')
  })

  it('stops with exit 0 when already stopped, and refuses a taken name on create', async () => {
    await smolvmDouble(dir).addMachine({name: 'm', state: 'stopped'})
    expect(await run('vm', 'stop', '--name', 'm')).toMatchObject({exitCode: 0, stdout: "Machine 'm' is not running (state: stopped)"})
    expect(await run('machine', 'create', '--name', 'm', '--from', 'x.smolmachine')).toMatchObject({
      exitCode: 1,
      stderr: "Error: machine 'm' already exists or is being created",
    })
  })
})
