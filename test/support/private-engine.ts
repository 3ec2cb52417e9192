import {type ResultPromise, execa} from 'execa'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {join} from 'node:path'

import {TEST_IMAGE} from './docker.js'

/**
 * A Docker engine of the test's own (own socket, data and exec roots, a
 * bridge of its own, no iptables), so that a test can kill it without touching
 * the engine every other test shares. Not `--bridge=none`: a dockerd started
 * so deletes docker0, the shared engine's bridge.
 */
export interface PrivateEngine {
  readonly env: {DOCKER_HOST: string}
  start(): Promise<void>
  /** SIGKILL to the daemon and its containerd: what a crash of the engine's service does. */
  kill(): Promise<void>
  stop(): Promise<void>
}

export async function privateEngine(): Promise<PrivateEngine> {
  // Short: the sockets inside must fit a unix socket path.
  const dir = await mkdtemp('/tmp/bde-')
  const bridge = `bde${process.pid % 100_000}`
  await execa('ip', ['link', 'add', bridge, 'type', 'bridge'])
  const socket = join(dir, 'd.sock')
  const env = {DOCKER_HOST: `unix://${socket}`}
  let daemon: ResultPromise | undefined
  const pidOf = async (file = join(dir, 'd.pid')) => Number(await readFile(file, 'utf8').catch(() => '0'))
  const containerdPid = join(dir, 'x', 'containerd', 'containerd.pid')

  const engine: PrivateEngine = {
    env,
    async start() {
      daemon = execa(
        'dockerd',
        [
          `--host=unix://${socket}`,
          `--data-root=${join(dir, 'data')}`,
          `--exec-root=${join(dir, 'x')}`,
          `--pidfile=${join(dir, 'd.pid')}`,
          `--bridge=${bridge}`,
          '--iptables=false',
          '--ip-masq=false',
        ],
        {reject: false, stdio: 'ignore'},
      )
      for (let i = 0; i < 200; i++) {
        if ((await execa('docker', ['info'], {env, reject: false})).exitCode === 0) return
        await new Promise((resolve) => setTimeout(resolve, 100))
      }

      throw new Error('the private dockerd did not start')
    },
    async kill() {
      for (const pid of [await pidOf(), await pidOf(containerdPid)]) if (pid) process.kill(pid, 'SIGKILL')
      await daemon
      // Where no init reaps them, the killed processes linger as zombies under their pids, and a new
      // dockerd would wait for that containerd forever; a service manager clears these files.
      await rm(join(dir, 'd.pid'), {force: true})
      await rm(containerdPid, {force: true})
    },
    async stop() {
      const pid = await pidOf()
      if (pid) process.kill(pid, 'SIGTERM')
      await daemon
      // Its containerd and shims; pkill's 1 says none was left. Each clean-up step must run: a missing
      // tool or a failure throws rather than leaving mounts, processes or the bridge behind.
      const shims = await execa('pkill', ['-f', `${dir}/x/containerd`], {reject: false})
      if (shims.exitCode !== 0 && shims.exitCode !== 1) throw new Error(`clean-up failed: pkill: ${shims.stderr || shims.shortMessage}`)
      await execa('sh', ['-c', `grep -o '${dir}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`])
      await rm(dir, {recursive: true, force: true})
      await execa('ip', ['link', 'delete', bridge])
    },
  }
  await engine.start()
  // The test image, moved over from the shared engine (no registry to pull from).
  await execa('sh', ['-c', `docker save ${TEST_IMAGE} | DOCKER_HOST=${env.DOCKER_HOST} docker load -q`])
  return engine
}
