import {execa} from 'execa'
import {mkdir, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {backendsDeclaring, writePlugin} from '../support/plugins.js'

interface Check {
  area: string
  name: string
  status: string
  message: string
  fix?: string
}

let box: Sandbox
beforeEach(async () => {
  box = await makeSandbox()
})
afterEach(() => box.cleanup())

async function doctor(env: Record<string, string> = {}): Promise<{exitCode: number | undefined; checks: Check[]; text: string}> {
  const json = await box.bottle(['doctor', '--json'], {env})
  const plain = await box.bottle(['doctor'], {env})
  expect(plain.exitCode).toBe(json.exitCode)
  return {exitCode: json.exitCode, checks: JSON.parse(json.stdout).checks, text: plain.stdout}
}

const writeUserConfig = async (config: unknown) => {
  await mkdir(box.env.BOTTLE_CONFIG_DIR!, {recursive: true})
  await writeFile(join(box.env.BOTTLE_CONFIG_DIR!, 'config.json'), JSON.stringify(config))
}

const find = (checks: Check[], area: string, name: string) => checks.find((c) => c.area === area && c.name.startsWith(name))

describe('bottle doctor', () => {
  it('reports a healthy set-up: exit 0, the engine version and where docker talks to', async () => {
    const {exitCode, checks, text} = await doctor()
    expect(exitCode).toBe(0)
    expect(find(checks, 'config', 'config files')).toMatchObject({status: 'ok', message: 'none found; defaults in use'})
    expect(find(checks, 'state', 'state root')).toMatchObject({status: 'ok', message: expect.stringMatching(/writable, [\d.]+ GiB free/)})
    expect(find(checks, 'backend', 'docker')).toMatchObject({status: 'ok', message: expect.stringMatching(/version \S+, talks to context default \(unix:\/\/\//)})
    expect(text).toMatch(/^ok {4}backend docker \(@bottle\/plugin-docker@/m)
  })

  it('names podman, its version and where it runs when backends.docker.binary is podman, with no docker on PATH', async () => {
    // A PATH that has podman and nothing else: node itself runs by its full path.
    const onlyPodman = join(box.dir, 'only-podman')
    await mkdir(onlyPodman)
    await symlink((await execa('sh', ['-c', 'command -v podman'])).stdout, join(onlyPodman, 'podman'))
    await writeUserConfig({backends: {docker: {binary: 'podman'}}})
    const {exitCode, checks} = await doctor({PATH: onlyPodman})
    expect(exitCode).toBe(0)
    const version = (await execa('podman', ['version', '--format', '{{.Client.Version}}'])).stdout
    expect(find(checks, 'backend', 'docker')).toMatchObject({
      status: 'ok',
      message: `podman at ${join(onlyPodman, 'podman')}, version podman ${version}, talks to its local engine (rootful, no daemon; storage /var/lib/containers/storage)`,
    })
  })

  it("fails on an unreachable podman service, with podman's words and a fix", async () => {
    await writeUserConfig({backends: {docker: {binary: 'podman'}}})
    const {exitCode, checks} = await doctor({CONTAINER_HOST: 'unix:///nonexistent/podman.sock'})
    expect(exitCode).toBe(10)
    expect(find(checks, 'backend', 'docker')).toMatchObject({
      status: 'failure',
      message: expect.stringMatching(/^cannot reach the container engine: Error: unable to connect to Podman socket: .*\/nonexistent\/podman\.sock/),
      fix: expect.any(String),
    })
  })

  it('warns that the configured binary is missing, naming it rather than docker', async () => {
    await writeUserConfig({backends: {docker: {binary: 'no-such-podman'}}})
    const {exitCode, checks} = await doctor()
    expect(exitCode).toBe(0)
    expect(find(checks, 'backend', 'docker')).toMatchObject({status: 'warning', message: 'plugin loads; no-such-podman is not on PATH, so this backend cannot be used here'})
  })

  it('warns, without failing, about a backend whose tool is missing', async () => {
    const {exitCode, checks} = await doctor()
    expect(exitCode).toBe(0)
    expect(find(checks, 'backend', 'smolmachines')).toMatchObject({status: 'warning', message: expect.stringContaining('smolvm is not on PATH'), fix: expect.any(String)})
  })

  it('fails on a dead engine, with the engine error and a fix', async () => {
    const {exitCode, checks, text} = await doctor({DOCKER_HOST: 'unix:///nonexistent/docker.sock'})
    expect(exitCode).toBe(10)
    expect(find(checks, 'backend', 'docker')).toMatchObject({
      status: 'failure',
      message: expect.stringContaining('Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock'),
    })
    expect(text).toMatch(/^FAIL {2}backend docker .*\n\s+fix: start the backend's engine/m)
  })

  it('fails on an invalid config, naming file and key, and still checks the rest', async () => {
    await mkdir(box.env.BOTTLE_CONFIG_DIR, {recursive: true})
    await writeFile(join(box.env.BOTTLE_CONFIG_DIR, 'config.json'), JSON.stringify({prefix: 'bad prefix'}))
    const {exitCode, checks} = await doctor()
    expect(exitCode).toBe(10)
    expect(find(checks, 'config', 'config files')).toMatchObject({status: 'failure', message: expect.stringMatching(/config\.json: prefix: /)})
    expect(find(checks, 'backend', 'docker')?.status).toBe('ok')
  })

  it('fails on an unwritable state root', async () => {
    await writeFile(join(box.dir, 'not-a-folder'), '')
    const {exitCode, checks} = await doctor({BOTTLE_STATE_DIR: join(box.dir, 'not-a-folder', 'state')})
    expect(exitCode).toBe(10)
    expect(find(checks, 'state', 'state root')).toMatchObject({status: 'failure', message: expect.stringContaining('is a file'), fix: expect.stringContaining('BOTTLE_STATE_DIR')})
  })

  it('fails on a broken plugin, naming it, with the uninstall fix', async () => {
    const root = await writePlugin(join(box.dir, 'plugins'), 'bad-shape', backendsDeclaring('bad-shape'), {'freezer.js': 'export default {apiVersion: 1}'})
    expect((await box.bottle(['plugins', 'link', root, '--no-install'])).exitCode).toBe(0)
    const {exitCode, checks} = await doctor()
    expect(exitCode).toBe(10)
    expect(find(checks, 'backend', 'bad-shape')).toMatchObject({
      status: 'failure',
      message: expect.stringContaining('broken: ./freezer.js default export is not a freezer'),
      fix: 'update or reinstall bad-shape, or remove it: bottle plugins uninstall bad-shape',
    })
    expect(find(checks, 'backend', 'docker')?.status).toBe('ok')
  })
})
