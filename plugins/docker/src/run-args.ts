import type {RunOptionKey, RunOptions} from '@bottle/core/plugin'

/** The `docker run` flag of each run option: docker's own syntax, which podman takes as it is. */
const FLAGS: Record<RunOptionKey, string> = {
  volumes: '--volume',
  publish: '--publish',
  network: '--network',
  user: '--user',
  workdir: '--workdir',
  ulimits: '--ulimit',
  cpus: '--cpus',
  memory: '--memory',
  labels: '--label',
}

/** `docker run` flags for the run options, in a fixed order. */
export function runArgs(run: RunOptions): string[] {
  return (Object.keys(FLAGS) as RunOptionKey[]).flatMap((key) => [run[key] ?? []].flat().flatMap((value) => [FLAGS[key], value]))
}
