import {execa} from 'execa'
import {mkdtemp, readFile, rm, stat} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {SMOLVM_DOUBLE, type SmolvmRelease, smolvmDouble} from './index.js'

// The double stands in for a tool that does not run here: these pin the behaviour it copies from the reference.
let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bottle-smolvm-double-'))
})
afterEach(() => rm(dir, {recursive: true, force: true}))

const run = (release: SmolvmRelease, args: string[], input = '') => execa(SMOLVM_DOUBLE, args, {reject: false, input, env: smolvmDouble(dir, release).env})

describe('the smolvm double', () => {
  it('refuses to pack a running machine, naming the stop command', async () => {
    await smolvmDouble(dir).addMachine({name: 'm', state: 'running'})
    expect(await run('1.23.0', ['pack', 'create', '--from-vm', 'm', '-o', join(dir, 'out')])).toMatchObject({
      exitCode: 1,
      stderr: "Error: agent operation failed: pack from VM: VM 'm' is running. Stop it first with: smolvm machine stop --name m",
    })
  })

  it('refuses an -o that names the sidecar, and a missing VM', async () => {
    await smolvmDouble(dir).addMachine({name: 'm', state: 'stopped'})
    expect((await run('1.23.0', ['pack', 'create', '--from-vm', 'm', '-o', 'x.smolmachine'])).stderr).toBe(
      'Error: --output names the executable stub, not the .smolmachine sidecar',
    )
    expect((await run('1.23.0', ['pack', 'create', '--from-vm', 'gone', '-o', 'x'])).stderr).toBe("Error: agent operation failed: pack from VM: VM 'gone' not found")
  })

  it('writes the stub and the sidecar, with progress on stdout, leaving /workspace out of an image-made machine unless --include-workspace (1.17.0 on)', async () => {
    const double = smolvmDouble(dir)
    await double.addMachine({name: 'm', state: 'stopped', image: 'node:22'})
    double.writeFile('m', '/workspace/a', 'A')
    double.writeFile('m', '/root/b', 'B')
    const out = join(dir, 'out')
    const packed = await run('1.23.0', ['pack', 'create', '--from-vm', 'm', '-o', out])
    expect(packed.stdout).toMatch(new RegExp(`^Packing VM 'm' snapshot...\\nPacked: ${out} \\(stub: \\d+KB, total: \\d+KB\\)\\nAssets: ${out}.smolmachine \\(\\d+KB\\)$`))
    expect((await stat(out)).mode & 0o111).not.toBe(0)
    expect(JSON.parse(await readFile(`${out}.smolmachine`, 'utf8')).files).toEqual({'/root/b': 'B'})
    await run('1.23.0', ['pack', 'create', '--from-vm', 'm', '--include-workspace', '-o', out])
    expect(JSON.parse(await readFile(`${out}.smolmachine`, 'utf8')).files).toEqual({'/workspace/a': 'A', '/root/b': 'B'})
    expect((await run('1.13.1', ['pack', 'create', '--help'])).stdout).not.toContain('--include-workspace')
    expect((await run('1.17.0', ['pack', 'create', '--help'])).stdout).toContain('--include-workspace')
    const old = await run('1.13.1', ['pack', 'create', '--from-vm', 'm', '--include-workspace', '-o', out])
    expect(old.exitCode).toBe(2)
    expect(old.stderr).toMatch(/^error: unexpected argument '--include-workspace' found/)
  })

  it('checkpoints a running machine from 1.13.1 with the file name each release takes, keeping it running; create --from restores memory', async () => {
    const double = smolvmDouble(dir)
    await double.addMachine({name: 'm', state: 'running'})
    double.writeMemory('m', 'k', 'v')
    expect((await run('1.9.3', ['machine', 'checkpoint', '--name', 'm', '-o', join(dir, 'c.smolcheckpoint')])).exitCode).toBe(2)
    expect((await run('1.17.0', ['machine', 'checkpoint', '--name', 'm', '-o', join(dir, 'c.checkpoint')])).stderr).toBe(
      'Error: config operation failed: checkpoint machine: output must end in .smolcheckpoint',
    )
    expect((await run('1.19.1', ['machine', 'checkpoint', '--name', 'm', '-o', join(dir, 'c.smolcheckpoint')])).exitCode).toBe(1)
    const saved = await run('1.23.0', ['machine', 'checkpoint', '--name', 'm', '-o', join(dir, 'c.smolcheckpoint')])
    expect(saved.stdout).toMatch(new RegExp(`^Checkpointed 'm' to ${join(dir, 'c.smolcheckpoint')} \\(\\d+ MiB written, [\\d.]+s total, [\\d.]+s source pause\\)$`))
    expect(double.machineState('m')).toBe('running')
    expect(await run('1.23.0', ['machine', 'create', '--name', 'n', '--from', join(dir, 'c.smolcheckpoint')])).toMatchObject({exitCode: 0, stdout: 'Created machine: n'})
    expect(double.readMemory('n', 'k')).toBe('v')
  })

  it('stops a machine on delete, then asks on stderr; no answer keeps it (Cancelled, exit 0); -f deletes', async () => {
    const double = smolvmDouble(dir)
    await double.addMachine({name: 'm', state: 'running'})
    const asked = await run('1.23.0', ['machine', 'delete', '--name', 'm'])
    expect(asked).toMatchObject({exitCode: 0, stdout: 'Cancelled', stderr: "Delete machine 'm'? [y/N] "})
    expect(double.machineState('m')).toBe('stopped')
    expect(await run('1.23.0', ['machine', 'rm', '--name', 'm'], 'yes\n')).toMatchObject({exitCode: 0, stdout: 'Deleted machine: m'})
    await double.addMachine({name: 'm', state: 'running'})
    expect(await run('1.23.0', ['machine', 'delete', '--name', 'm', '-f'])).toMatchObject({exitCode: 0, stdout: 'Deleted machine: m', stderr: ''})
    expect(await run('1.23.0', ['machine', 'delete', '--name', 'm', '-f'])).toMatchObject({exitCode: 1, stderr: 'Error: vm not found: m'})
  })

  it('creates a machine from an image, lists machines as JSON, stops with progress, and tells its version', async () => {
    expect(await run('1.23.0', ['machine', 'create', '--name', 'm', '--image', 'node:22', '--env', 'K=V', '--', 'sleep', '9'])).toMatchObject({
      exitCode: 0,
      stdout: 'Created machine: m',
    })
    expect(JSON.parse((await run('1.23.0', ['machine', 'ls', '--json'])).stdout)).toEqual([expect.objectContaining({name: 'm', state: 'created', image: 'node:22'})])
    await run('1.23.0', ['machine', 'start', '--name', 'm'])
    expect(await run('1.23.0', ['machine', 'stop', '--name', 'm'])).toMatchObject({exitCode: 0, stdout: "Stopping machine 'm'...\nStopped machine: m"})
    expect((await run('1.0.2', ['--version'])).stdout).toBe('smolvm 1.0.2')
  })

  it('stops with exit 0 when already stopped, refuses a taken name on create, and makes argument errors clap usage errors (exit 2)', async () => {
    await smolvmDouble(dir).addMachine({name: 'm', state: 'stopped'})
    expect(await run('1.23.0', ['vm', 'stop', '--name', 'm'])).toMatchObject({exitCode: 0, stdout: "Machine 'm' is not running (state: stopped)"})
    expect(await run('1.23.0', ['machine', 'create', '--name', 'm', '--from', 'x.smolmachine'])).toMatchObject({
      exitCode: 1,
      stderr: "Error: machine 'm' already exists or is being created",
    })
    expect((await run('1.23.0', ['machine', 'stop'])).exitCode).toBe(2)
    expect((await run('1.23.0', ['machine', 'remove', '--name', 'm'])).exitCode).toBe(2)
    expect(await run('1.23.0', ['machine', 'status', '--name', 'gone', '--json'])).toMatchObject({exitCode: 1, stderr: 'Error: vm not found: gone'})
  })
})
