import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {credentialFilesIn} from '../src/credential-files.js'
import {engineApiSocket} from '../src/engine-api.js'
import {engineFrom} from '../src/engine.js'

/** A CLI config folder whose config.json is `config` (DOCKER_CONFIG). */
async function dockerConfig(config: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bottle-docker-config-'))
  await writeFile(join(dir, 'config.json'), config)
  return dir
}

describe('engineApiSocket: the API only when it is the engine the CLI would reach', () => {
  const docker = {binary: 'docker'}
  const none = {HOME: '/nonexistent-home'}
  const dockerCli = engineFrom({exitCode: 0, stdout: 'Docker version 28.2.2, build e6534b4\n', stderr: ''})

  it('the default socket with no DOCKER_HOST, context or config', () => {
    expect(engineApiSocket(docker, dockerCli, none)).toBe('/var/run/docker.sock')
    expect(engineApiSocket({binary: '/usr/bin/docker', context: 'default'}, dockerCli, {...none, DOCKER_CONTEXT: 'default'})).toBe('/var/run/docker.sock')
  })

  it('the socket of a unix:// DOCKER_HOST', () => {
    expect(engineApiSocket(docker, dockerCli, {...none, DOCKER_HOST: 'unix:///run/user/1000/docker.sock'})).toBe('/run/user/1000/docker.sock')
  })

  it.each([
    ['another binary (podman)', {binary: 'podman'}, none],
    ['another binary (nerdctl)', {binary: 'nerdctl'}, none],
    ['a configured context', {binary: 'docker', context: 'remote'}, none],
    ['DOCKER_CONTEXT', docker, {...none, DOCKER_CONTEXT: 'remote'}],
    ['a tcp DOCKER_HOST', docker, {...none, DOCKER_HOST: 'tcp://10.0.0.1:2376'}],
    ['an ssh DOCKER_HOST', docker, {...none, DOCKER_HOST: 'ssh://me@host'}],
  ])('the CLI for %s', (_name, options, env) => {
    expect(engineApiSocket(options, dockerCli, env)).toBeUndefined()
  })

  it.each([
    ['podman installed as docker (podman-docker)', 'podman version 4.3.1'],
    ['nerdctl installed as docker', 'nerdctl version 1.7.6'],
    ['a wrapper that prints no version', ''],
  ])("the CLI for a binary named docker that is not Docker's CLI: %s", (_name, version) => {
    const engine = engineFrom({exitCode: 0, stdout: version, stderr: ''})
    expect(engine.isDockerCli).toBe(false)
    expect(engineApiSocket(docker, engine, none)).toBeUndefined()
    expect(engineApiSocket(docker, engine, {...none, DOCKER_HOST: 'unix:///var/run/docker.sock'})).toBeUndefined()
  })

  it('the CLI when the CLI config names a current context other than default, or cannot be read', async () => {
    expect(engineApiSocket(docker, dockerCli, {...none, DOCKER_CONFIG: await dockerConfig('{"currentContext": "colima"}')})).toBeUndefined()
    const truncated = await dockerConfig('{"currentContext": ')
    expect(engineApiSocket(docker, dockerCli, {...none, DOCKER_CONFIG: truncated})).toBeUndefined()
    expect(engineApiSocket(docker, dockerCli, {...none, DOCKER_CONFIG: await dockerConfig('{"currentContext": "default"}')})).toBe('/var/run/docker.sock')
    // DOCKER_HOST wins over the current context, as in the CLI.
    const colima = await dockerConfig('{"currentContext": "colima"}')
    expect(engineApiSocket(docker, dockerCli, {...none, DOCKER_CONFIG: colima, DOCKER_HOST: 'unix:///tmp/d.sock'})).toBe('/tmp/d.sock')
  })
})

describe('credentialFilesIn: what the bottle wrote that matches the credential patterns', () => {
  const patterns = ['~/.aws/credentials', '~/.ssh/id_*', '!~/.ssh/*.pub', '/etc/corp-token']

  it('finds added and modified files in any home folder, sorted, once each; never deleted ones or excluded ones', () => {
    const changes = [
      {Path: '/root/.aws', Kind: 1},
      {Path: '/root/.aws/credentials', Kind: 1},
      {Path: '/home/dev/.ssh/id_ed25519', Kind: 0},
      {Path: '/home/dev/.ssh/id_ed25519.pub', Kind: 1},
      {Path: '/srv/agent/.aws/credentials', Kind: 1},
      {Path: '/srv/agent/.aws/credentials', Kind: 0},
      {Path: '/etc/corp-token', Kind: 2},
    ]
    expect(credentialFilesIn(changes, patterns)).toEqual(['/home/dev/.ssh/id_ed25519', '/root/.aws/credentials', '/srv/agent/.aws/credentials'])
  })

  it('`*` stays within one name, and pattern characters are taken literally', () => {
    expect(credentialFilesIn([{Path: '/root/.ssh/keys/id_x', Kind: 1}], ['/root/.ssh/id_*'])).toEqual([])
    expect(credentialFilesIn([{Path: '/etcXcorp-token', Kind: 1}], ['/etc.corp-token'])).toEqual([])
  })
})
