import {execa} from 'execa'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {type Sandbox, makeSandbox} from './cli.js'

/** The local base image scripts/make-test-image.sh builds from Debian's busybox-static (no registry is reachable). */
export const TEST_IMAGE = process.env.BOTTLE_TEST_IMAGE ?? 'bottle-test/busybox:latest'

/** The engines the docker backend is tested on, every engine case on each (scripts/setup.sh installs both). */
export type EngineName = 'docker' | 'podman'
export const ENGINES = (process.env.BOTTLE_TEST_ENGINES ?? 'docker,podman').split(',').filter(Boolean) as EngineName[]

/** Which CLI to run a test's own engine commands with, and where it talks to (a private dockerd's DOCKER_HOST). */
export interface EngineRef {
  readonly binary?: EngineName
  readonly env?: Record<string, string>
}

/** The helpers a test drives one engine with, bypassing bottle. */
export function engine(binary: EngineName = 'docker') {
  const cli = async (...args: string[]): Promise<string> => (await execa(binary, args)).stdout
  // At once, as docker's rm -f does (podman's waits 10 s for a stop first).
  const forceRemove = binary === 'podman' ? ['-f', '-t', '0'] : ['-f']
  return {
    binary,
    cli,
    /** Runs a verb, failing or not, for tests that look at the failure. */
    attempt: (...args: string[]) => execa(binary, args, {reject: false}),
    /** Starts a long-running container from the test image; returns its name. */
    async startContainer(name: string, extra: readonly string[] = []): Promise<string> {
      await cleanUp(binary, 'rm', ...forceRemove, name)
      await cli('run', '-d', '--name', name, ...extra, TEST_IMAGE, 'sleep', '100000')
      return name
    },
    async removeContainers(...names: string[]): Promise<void> {
      await cleanUp(binary, 'rm', ...forceRemove, ...names)
    },
    async removeImages(...refs: string[]): Promise<void> {
      if (refs.length > 0) await cleanUp(binary, 'rmi', '-f', ...refs)
    },
    /** A sandbox whose user config drives the docker backend with this engine, plus `config`. */
    async sandbox(config: Record<string, unknown> = {}): Promise<Sandbox> {
      const box = await makeSandbox()
      const backends = binary === 'docker' ? {} : {backends: {docker: {binary}}}
      await mkdir(box.env.BOTTLE_CONFIG_DIR!, {recursive: true})
      await writeFile(join(box.env.BOTTLE_CONFIG_DIR!, 'config.json'), JSON.stringify({...backends, ...config}))
      return box
    },
    /**
     * An environment in which bottle drives this engine through its CLI
     * rather than Docker's API: for docker, a docker context other than
     * default (one of the same engine) in a CLI config folder of its own
     * under `dir`; podman is always driven through its CLI.
     */
    async cliOnlyEnv(dir: string): Promise<Record<string, string>> {
      if (binary !== 'docker') return {}
      const env = {DOCKER_CONFIG: join(dir, 'docker-config'), DOCKER_CONTEXT: 'bottle-same-engine'}
      await execa('docker', ['context', 'create', env.DOCKER_CONTEXT, '--docker', 'host=unix:///var/run/docker.sock'], {env: {DOCKER_CONFIG: env.DOCKER_CONFIG}})
      return env
    },
  }
}

export type EngineHelpers = ReturnType<typeof engine>

const dockerEngine = engine('docker')
export const docker = dockerEngine.cli
export const startContainer = dockerEngine.startContainer
export const removeContainers = dockerEngine.removeContainers
export const removeImages = dockerEngine.removeImages
export const cliOnlyEnv = dockerEngine.cliOnlyEnv

/**
 * A clean-up step: what is already gone is fine, anything else (the engine's
 * CLI not on PATH, the engine down, an image still in use) fails the test
 * rather than leaving containers and images behind unnoticed.
 */
async function cleanUp(binary: EngineName, ...args: string[]): Promise<void> {
  const result = await execa(binary, args, {reject: false})
  const complaints = String(result.stderr ?? '')
    .split('\n')
    .filter((line) => line.trim() && !/no such (container|image)|image not known/i.test(line))
  if (result.failed && (result.exitCode === undefined || complaints.length > 0)) {
    throw new Error(`clean-up failed: ${binary} ${args.join(' ')}: ${complaints.join(' ') || result.shortMessage}`)
  }
}
