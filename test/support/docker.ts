import {execa} from 'execa'

/** The local base image .ci/run builds from Debian's busybox-static (no registry is reachable). */
export const TEST_IMAGE = process.env.BOTTLE_TEST_IMAGE ?? 'bottle-test/busybox:latest'

export async function docker(...args: string[]): Promise<string> {
  const {stdout} = await execa('docker', args)
  return stdout
}

/** Starts a long-running container from the test image; returns its name. */
export async function startContainer(name: string, extra: readonly string[] = []): Promise<string> {
  await execa('docker', ['rm', '-f', name], {reject: false})
  await docker('run', '-d', '--name', name, ...extra, TEST_IMAGE, 'sleep', '100000')
  return name
}

export async function removeContainers(...names: string[]): Promise<void> {
  await execa('docker', ['rm', '-f', ...names], {reject: false})
}

export async function removeImages(...refs: string[]): Promise<void> {
  if (refs.length > 0) await execa('docker', ['rmi', '-f', ...refs], {reject: false})
}

/**
 * An environment in which bottle drives this engine through the docker CLI
 * rather than its API: a docker context other than default (one of the same
 * engine), in a CLI config folder of its own under `dir`.
 */
export async function cliOnlyEnv(dir: string): Promise<Record<string, string>> {
  const env = {DOCKER_CONFIG: `${dir}/docker-config`, DOCKER_CONTEXT: 'bottle-same-engine'}
  await execa('docker', ['context', 'create', env.DOCKER_CONTEXT, '--docker', 'host=unix:///var/run/docker.sock'], {env: {DOCKER_CONFIG: env.DOCKER_CONFIG}})
  return env
}
