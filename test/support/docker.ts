import {execa} from 'execa'

/** The local base image .ci/run builds from Debian's busybox-static (no registry is reachable). */
export const TEST_IMAGE = process.env.BOTTLE_TEST_IMAGE ?? 'bottle-test/busybox:latest'

export async function docker(...args: string[]): Promise<string> {
  const {stdout} = await execa('docker', args)
  return stdout
}

/** Starts a long-running container from the test image; returns its name. */
export async function startContainer(name: string, extra: readonly string[] = []): Promise<string> {
  await cleanUp('rm', '-f', name)
  await docker('run', '-d', '--name', name, ...extra, TEST_IMAGE, 'sleep', '100000')
  return name
}

export async function removeContainers(...names: string[]): Promise<void> {
  await cleanUp('rm', '-f', ...names)
}

export async function removeImages(...refs: string[]): Promise<void> {
  if (refs.length > 0) await cleanUp('rmi', '-f', ...refs)
}

/**
 * A clean-up step: what is already gone is fine, anything else (no docker on
 * PATH, the engine down, an image still in use) fails the test rather than
 * leaving containers and images behind unnoticed.
 */
async function cleanUp(...args: string[]): Promise<void> {
  const result = await execa('docker', args, {reject: false})
  const complaints = String(result.stderr ?? '')
    .split('\n')
    .filter((line) => line.trim() && !/No such (container|image)/i.test(line))
  if (result.failed && (result.exitCode === undefined || complaints.length > 0)) {
    throw new Error(`clean-up failed: docker ${args.join(' ')}: ${complaints.join(' ') || result.shortMessage}`)
  }
}
