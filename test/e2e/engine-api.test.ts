import {chmod, mkdir, writeFile} from 'node:fs/promises'
import {type Server, createServer} from 'node:http'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'

// A fake engine on a unix socket and a fake docker CLI on PATH, each answering
// in its own words, show which one bottle asked and how it reads the answer.
let box: Sandbox
let engine: Server
let socket: string
let env: Record<string, string>

const ANSWERS: Record<string, [number, string]> = {
  '/containers/bot-bottle-gone/json': [404, '{"message": "No such container: bot-bottle-gone"}'],
  '/containers/bot-bottle-sick/json': [500, '{"message": "the engine is sick"}'],
  '/containers/bot-bottle-odd/json': [200, '{"Mounts": 5}'],
  '/containers/bot-bottle-garbled/json': [200, '<html>'],
}

beforeAll(async () => {
  box = await makeSandbox()
  socket = join(box.dir, 'engine.sock')
  engine = createServer((req, res) => {
    if (req.url === '/containers/bot-bottle-cut/json') {
      req.socket.destroy()
      return
    }

    const [status, body] = ANSWERS[req.url ?? ''] ?? [404, '{"message": "page not found"}']
    res.writeHead(status, {'Content-Type': 'application/json'}).end(body)
  })
  await new Promise<void>((resolve) => engine.listen(socket, resolve))
  const bin = join(box.dir, 'bin')
  await mkdir(bin)
  await fakeCli(join(bin, 'docker'), 'Docker version 28.2.2, build e6534b4', 'Error: No such container: the CLI answered')
  env = {PATH: `${bin}:${process.env.PATH}`, DOCKER_HOST: `unix://${socket}`}
})

/** A CLI that prints `version` for `--version`, and fails every verb with `error`. */
async function fakeCli(file: string, version: string, error: string): Promise<void> {
  await writeFile(file, `#!/bin/sh\nif [ "$1" = --version ]; then echo "${version}"; exit 0; fi\necho "${error}" >&2\nexit 1\n`)
  await chmod(file, 0o755)
}

afterAll(async () => {
  await new Promise((resolve) => engine.close(resolve))
  await box.cleanup()
})

describe('the Docker engine API, and the CLI where the API cannot be the same engine', () => {
  it.each([
    ["no such container: exit 4 in the engine's words", 'gone', 4, /^bottle: no container named bot-bottle-gone \(docker: No such container: bot-bottle-gone\)/],
    ['an engine error: exit 5 with its message', 'sick', 5, /^bottle: docker inspect of bot-bottle-sick failed: the engine is sick$/],
    ['an unexpected shape: exit 5', 'odd', 5, /^bottle: docker engine API answered an unexpected JSON shape$/],
  ])("asks the engine at DOCKER_HOST's unix socket: %s", async (_name, slug, exit, message) => {
    const run = await box.bottle(['commit', slug], {env})
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)])
    expect(run.exitCode).toBe(exit)
  })

  it.each([
    ['a context other than default (DOCKER_CONTEXT)', 'gone', {DOCKER_CONTEXT: 'elsewhere'}],
    ['a DOCKER_HOST that is not a unix socket', 'gone', {DOCKER_HOST: 'tcp://127.0.0.1:9'}],
    ['an engine socket that is not there', 'gone', {DOCKER_HOST: `unix://${'/nonexistent'}/docker.sock`}],
    ['an engine that hangs up mid-request', 'cut', {}],
    ['an engine that answers with something that is not JSON', 'garbled', {}],
  ])('asks the docker CLI for %s', async (_name, slug, extra) => {
    const run = await box.bottle(['commit', slug], {env: {...env, ...extra}})
    expect(run.stderr.trim().split('\n').at(-1)).toContain(`bottle: no container named bot-bottle-${slug} (docker: Error: No such container: the CLI answered)`)
    expect(run.exitCode).toBe(4)
  })

  it.each([
    ['podman installed as docker (podman-docker)', 'podman version 4.3.1'],
    ['nerdctl installed as docker', 'nerdctl version 1.7.6'],
    ['a wrapper that prints no version', ''],
  ])("asks a binary named docker that is not Docker's CLI, whatever socket there is: %s", async (_name, version) => {
    const other = join(box.dir, `other-${version.split(' ')[0] || 'silent'}`)
    await mkdir(other)
    await fakeCli(join(other, 'docker'), version, 'Error: no such container: the other engine answered')
    const run = await box.bottle(['commit', 'gone'], {env: {...env, PATH: `${other}:${process.env.PATH}`, BOTTLE_DEBUG: '1'}})
    expect(run.stderr).not.toContain('engine API')
    expect(run.stderr).toMatch(/^bottle: no container named bot-bottle-gone \(docker: Error: no such container: the other engine answered\)/m)
    expect(run.exitCode).toBe(4)
  })

  it('asks the configured binary when it is not docker, whatever socket there is', async () => {
    await mkdir(box.env.BOTTLE_CONFIG_DIR!, {recursive: true})
    await writeFile(join(box.env.BOTTLE_CONFIG_DIR!, 'config.json'), JSON.stringify({backends: {docker: {binary: join(box.dir, 'bin', 'docker-compatible')}}}))
    await fakeCli(join(box.dir, 'bin', 'docker-compatible'), 'Docker version 28.2.2, build e6534b4', 'Error: No such object: the other CLI answered')
    const run = await box.bottle(['commit', 'gone'], {env})
    expect(run.stderr.trim()).toMatch(/^bottle: no container named bot-bottle-gone \(.*docker-compatible: Error: No such object: the other CLI answered\)/)
    expect(run.exitCode).toBe(4)
  })
})
