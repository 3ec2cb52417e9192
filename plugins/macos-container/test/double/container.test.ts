import {execa} from 'execa'
import {mkdtemp, rm, stat} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {CONTAINER_DOUBLE, type ContainerRelease, containerDouble} from './index.js'

// The double stands in for a tool that does not run here: these pin the behaviour it copies from the reference.
let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bottle-container-double-'))
})
afterEach(() => rm(dir, {recursive: true, force: true}))

const state = () => join(dir, 'state')
const run = (release: ContainerRelease, ...args: string[]) => execa(CONTAINER_DOUBLE, args, {reject: false, env: containerDouble(state(), release).env})

describe('the container double', () => {
  it('refuses to export a running container before 1.2.1, exports it from 1.2.1 (it keeps running), and refuses a stopping one', async () => {
    const double = containerDouble(state())
    await double.addContainer({id: 'c', state: 'running'})
    const refused = await run('1.2.0', 'export', '-o', join(dir, 'a.tar'), 'c')
    expect([refused.exitCode, refused.stderr]).toEqual([1, 'Error: internalError: "failed to export container" (cause: "invalidState: "container is not stopped"")'])
    const exported = await run('1.2.1', 'export', '-o', join(dir, 'b.tar'), 'c')
    expect([exported.exitCode, exported.stdout]).toEqual([0, ''])
    expect((await stat(join(dir, 'b.tar'))).size).toBeGreaterThan(0)
    expect(double.containerState('c')).toBe('running')
    await double.addContainer({id: 'c', state: 'stopping'})
    expect((await run('1.4.1', 'export', 'c')).stderr).toBe('Error: internalError: "failed to export container" (cause: "invalidState: "container must be running or stopped"")')
  })

  it('prints inspect pretty with sorted keys, status.state from 1.0 and a plain status string before, and escapes / before 1.4.1', async () => {
    await containerDouble(state()).addContainer({id: 'c', state: 'stopped'})
    const now = await run('1.4.1', 'inspect', 'c')
    expect(now.stdout).toMatch(/^\[\n {2}\{\n {4}"configuration": \{/)
    expect(now.stdout).toContain('"executable": "/bin/sh"')
    expect((await run('1.3.1', 'inspect', 'c')).stdout).toContain('"executable": "\\/bin\\/sh"')
    expect(JSON.parse((await run('1.0.0', 'inspect', 'c')).stdout)[0]).toMatchObject({id: 'c', status: {state: 'stopped'}})
    expect(JSON.parse((await run('0.11.0', 'inspect', 'c')).stdout)[0]).toMatchObject({status: 'stopped', startedDate: expect.any(Number)})
  })

  it('answers a missing id with [] before 1.0 and notFound from 1.0', async () => {
    expect(await run('0.11.0', 'inspect', 'nope')).toMatchObject({exitCode: 0, stdout: '[]'})
    expect(await run('1.0.0', 'inspect', 'nope')).toMatchObject({exitCode: 1, stderr: 'Error: notFound: "container not found: nope"'})
  })

  it('exits 64 on argument errors, and stop prints the id also for a stopped container', async () => {
    expect((await run('1.4.1', 'export')).exitCode).toBe(64)
    expect((await run('1.4.1', 'export', '--bogus', 'c')).exitCode).toBe(64)
    await containerDouble(state()).addContainer({id: 'c', state: 'stopped'})
    expect(await run('1.4.1', 'stop', 'c')).toMatchObject({exitCode: 0, stdout: 'c'})
  })

  it('has container commit only in a PR #1762 build: --help answers there, exit 64 elsewhere', async () => {
    expect((await run('1.4.1', 'commit', '--help')).exitCode).toBe(64)
    const help = await run('pr1762', 'commit', '--help')
    expect(help.exitCode).toBe(0)
    expect(help.stdout).toContain('USAGE: container commit [--live] [--debug] <container-id> <reference>')
    const double = containerDouble(state(), 'pr1762')
    await double.addContainer({id: 'c', state: 'running', environment: ['K=V'], workingDirectory: '/w'})
    expect((await run('pr1762', 'commit', 'c', 'img:1')).stderr).toContain('container is not stopped')
    expect(await run('pr1762', 'commit', '--live', 'c', 'img:1')).toMatchObject({exitCode: 0})
    expect(double.image('img:1')!.config).toEqual({env: ['K=V'], cmd: ['/bin/sh'], workingDir: '/w', labels: {}})
  })

  it('takes --scheme auto before 1.3.0 and refuses it from 1.3.0; pulls from a plain-HTTP loopback registry only over http from 1.3.0', async () => {
    const double = containerDouble(state())
    double.addRegistryImage('127.0.0.1:5000/img:1', true, {'/a': 'A'})
    expect(await run('1.3.1', 'run', '--name', 'x', '-d', '--scheme', 'auto', '127.0.0.1:5000/img:1')).toMatchObject({
      exitCode: 1,
      stderr: 'Error: invalidArgument: "unsupported scheme auto"',
    })
    expect((await run('1.3.1', 'run', '--name', 'x', '-d', '127.0.0.1:5000/img:1')).stderr).toContain('http: server gave HTTP response to HTTPS client')
    expect(await run('1.2.1', 'run', '--name', 'a', '-d', '127.0.0.1:5000/img:1')).toMatchObject({exitCode: 0, stdout: 'a'})
    await run('1.2.1', 'image', 'delete', '127.0.0.1:5000/img:1')
    expect(await run('1.3.1', 'run', '--name', 'b', '-d', '--scheme', 'http', '127.0.0.1:5000/img:1')).toMatchObject({exitCode: 0, stdout: 'b'})
    expect(double.readFile('b', '/a')).toBe('A')
  })

  it('prints system status flat up to 1.3.1 and nested from 1.4.1; not running: exit 1', async () => {
    const flat = JSON.parse((await run('1.3.1', 'system', 'status', '--format', 'json')).stdout)
    expect(flat).toMatchObject({status: 'running', apiServerVersion: 'container-apiserver version 1.3.1 (build: release, commit: double)'})
    const nested = JSON.parse((await run('1.4.1', 'system', 'status', '--format', 'json')).stdout)
    expect(nested).toMatchObject({status: 'running', server: {version: '1.4.1'}, client: {version: '1.4.1'}})
    expect((await run('1.4.1', 'system', 'status')).stdout).toMatch(/^FIELD {2}VALUE\nstatus {2}running\n/)
    await containerDouble(state()).stopService()
    expect(await run('1.4.1', 'system', 'status', '--format', 'json')).toMatchObject({exitCode: 1, stdout: '{"status":"not running"}'})
    const old = await run('1.3.1', 'system', 'status', '--format', 'json')
    expect(old.exitCode).toBe(1)
    expect(JSON.parse(old.stdout)).toEqual({
      status: 'not running',
      appRoot: '',
      installRoot: '',
      apiServerVersion: '',
      apiServerCommit: '',
      apiServerBuild: '',
      apiServerAppName: '',
    })
  })

  it('runs a container from an image with its files, starts, deletes only stopped ones, saves, lists and deletes images', async () => {
    const double = containerDouble(state())
    double.addImage('img:1', {'/a': 'A'})
    expect(await run('1.4.1', 'run', '--name', 'c', '-d', '-e', 'K=V', 'img:1', 'sleep', '9')).toMatchObject({exitCode: 0, stdout: 'c'})
    const [inspected] = JSON.parse((await run('1.4.1', 'inspect', 'c')).stdout)
    expect(inspected.configuration.initProcess).toMatchObject({executable: 'sleep', arguments: ['9'], environment: ['K=V']})
    expect(inspected.status.state).toBe('running')
    expect(double.readFile('c', '/a')).toBe('A')
    expect(await run('1.4.1', 'run', '--name', 'c', '-d', 'img:1')).toMatchObject({exitCode: 1, stderr: 'Error: exists: "container with id c already exists"'})
    expect((await run('1.4.1', 'delete', 'c')).exitCode).toBe(1)
    await run('1.4.1', 'stop', 'c')
    expect(await run('1.4.1', 'start', 'c')).toMatchObject({exitCode: 0, stdout: 'c'})
    expect(await run('1.4.1', 'delete', '--force', 'c')).toMatchObject({exitCode: 0, stdout: 'c'})
    expect((await run('1.4.1', 'inspect', 'c')).exitCode).toBe(1)
    expect(await run('1.4.1', 'image', 'save', '-o', join(dir, 'i.tar'), 'img:1')).toMatchObject({exitCode: 0, stdout: 'img:1'})
    expect(await run('1.4.1', 'image', 'load', '-i', join(dir, 'i.tar'))).toMatchObject({exitCode: 0, stdout: 'img:1'})
    expect(JSON.parse((await run('1.4.1', 'image', 'list', '--format', 'json')).stdout)).toEqual([
      {id: expect.stringMatching(/^sha256:/), configuration: {name: 'img:1'}, variants: []},
    ])
    expect(await run('1.4.1', 'image', 'delete', 'img:1')).toMatchObject({exitCode: 0, stdout: 'img:1'})
    expect(await run('1.4.1', 'image', 'delete', 'img:1')).toMatchObject({exitCode: 1, stderr: 'Error: notFound: "image not found: img:1"'})
    expect((await run('1.0.0', '--version')).stdout).toBe('container CLI version 1.0.0 (build: release, commit: double)')
  })

  it('records every call', async () => {
    await run('1.4.1', 'inspect', 'x', 'y')
    expect(await containerDouble(state()).calls()).toEqual([['inspect', 'x', 'y']])
  })
})
