import {chmod, mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {exists, untilWhileRunning} from './until.js'

/**
 * A `docker` (or `podman`) in front of the real one that holds every `commit` until the
 * test opens the gate: a commit is then known to be under way, holding the
 * bottle's lock, for as long as the test needs.
 */
export async function commitGate(dir: string, engine: string = 'docker') {
  await mkdir(dir, {recursive: true})
  const binary = join(dir, 'gated-docker')
  const gate = join(dir, 'gate')
  await writeFile(
    binary,
    `#!/bin/sh
if [ "$1" = commit ]; then
  touch "${gate}.waiting"
  while [ ! -e "${gate}.open" ]; do sleep 0.05; done
fi
exec ${engine} "$@"
`,
  )
  await chmod(binary, 0o755)
  return {
    binary,
    config: {backends: {docker: {binary}}},
    /** Resolves once `command` (the process given the gate) is held at the gate; fails if it ends first. */
    untilWaiting: (command: PromiseLike<unknown>): Promise<void> => untilWhileRunning('the commit to reach the gate', () => exists(`${gate}.waiting`), command),
    open: () => writeFile(`${gate}.open`, ''),
  }
}
