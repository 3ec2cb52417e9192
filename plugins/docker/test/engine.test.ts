import {describe, expect, it} from 'vitest'

import {detectEngine, detectedEngine, engineFrom} from '../src/engine.js'

const answer = (stdout: string, exitCode = 0) => ({exitCode, stdout, stderr: ''})

describe('engine detection from --version', () => {
  it('tells podman (also installed as docker) from Docker, and drives anything else as docker', () => {
    expect(engineFrom(answer('podman version 4.3.1'))).toMatchObject({kind: 'podman', client: 'podman version 4.3.1', isDockerCli: false})
    expect(engineFrom(answer('Docker version 28.2.2, build e6534b4'))).toMatchObject({kind: 'docker', isDockerCli: true})
    expect(engineFrom(answer('nerdctl version 1.7.6'))).toMatchObject({kind: 'docker', isDockerCli: false})
    expect(engineFrom(answer(''))).toMatchObject({kind: 'docker', client: '', isDockerCli: false})
    expect(engineFrom(answer('podman version 4.3.1', 1))).toMatchObject({kind: 'docker', isDockerCli: false})
  })

  it('turns TLS verification off for loopback registries only, and only on podman', () => {
    const podman = engineFrom(answer('podman version 4.3.1'))
    for (const reference of ['127.0.0.1:5000/b/s:t', 'localhost:5000/b/s', 'localhost/b/s', '127.1.2.3/x', '[::1]:5000/x']) {
      expect(podman.registryFlags(reference), reference).toEqual(['--tls-verify=false'])
    }

    for (const reference of ['registry.example.com/b/s:t', '127.0.0.1.example.com/x', 'localhost.evil.io:5000/x', 'bottle/s:t', 'ghcr.io/localhost/x']) {
      expect(podman.registryFlags(reference), reference).toEqual([])
    }

    expect(engineFrom(answer('Docker version 28.2.2')).registryFlags('127.0.0.1:5000/b/s')).toEqual([])
  })

  it("speaks each engine's dialect: context or connection, commit message, configs to scrub, version, removal", () => {
    const docker = engineFrom(answer('Docker version 28.2.2'))
    const podman = engineFrom(answer('podman version 4.3.1'))
    expect([docker.target('remote'), podman.target('remote'), podman.target(undefined)]).toEqual([['--context', 'remote'], ['--connection', 'remote'], []])
    expect([docker.commitMessage('m'), podman.commitMessage('m')]).toEqual([['--message', 'm'], []])
    expect([docker.envTemplates, podman.envTemplates]).toEqual([['.Config.Env', '.ContainerConfig.Env'], ['.Config.Env']])
    expect([docker.describeVersion('20.10.24'), podman.describeVersion('4.3.1')]).toEqual(['20.10.24', 'podman 4.3.1'])
    expect([docker.forceRemove, podman.forceRemove]).toEqual([['--force'], ['--force', '--time', '0']])
  })

  it('asks once per binary, again after a failure to run it, and remembers the answer for hints', async () => {
    let asked = 0
    const ask = async () => {
      asked++
      return answer('podman version 4.3.1')
    }
    await detectEngine('test-podman-once', ask)
    await detectEngine('test-podman-once', ask)
    expect(asked).toBe(1)
    expect(detectedEngine('test-podman-once').kind).toBe('podman')
    expect(detectedEngine('never-asked').kind).toBe('docker')

    let attempts = 0
    const failing = async () => {
      attempts++
      throw new Error('cannot run')
    }

    await expect(detectEngine('test-missing', failing)).rejects.toThrow('cannot run')
    await expect(detectEngine('test-missing', failing)).rejects.toThrow('cannot run')
    expect(attempts).toBe(2)
  })
})
