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
