/**
 * Run options: how a bottle runs beside what it runs, as `bottle launch`
 * takes them (`--volume`, `--publish`, ...). A backend declares each one it
 * passes on as a capability (`run-volume`, ...) in its package.json; the host
 * refuses the others before the backend is asked, so a backend never gets an
 * option it did not declare, and never has to refuse one itself.
 *
 * Values reach the backend checked and in one spelling: host paths of
 * volumes absolute, everything else as the user wrote it (docker's syntax,
 * which podman, nerdctl, Apple's container and smolvm share where they
 * have the option at all).
 */
export interface RunOptions {
  /** `SOURCE:TARGET[:OPTIONS]` (SOURCE an absolute host path or a volume name) or `TARGET` (an anonymous volume). */
  readonly volumes?: readonly string[]
  /** `[IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, ranges as `8000-8010`. */
  readonly publish?: readonly string[]
  /** A network name, or the engine's own modes (`host`, `none`, `container:NAME`). */
  readonly network?: string
  /** `USER[:GROUP]`, names or ids. */
  readonly user?: string
  /** An absolute path in the bottle. */
  readonly workdir?: string
  /** `NAME=SOFT[:HARD]`, e.g. `nofile=1024:1024`. */
  readonly ulimits?: readonly string[]
  /** CPUs, a positive decimal (`1.5`). */
  readonly cpus?: string
  /** A memory limit: a number with an optional unit b, k, m or g (`2g`). */
  readonly memory?: string
  /** `KEY=VALUE` labels on the bottle (never `dev.bottle.*`, which bottle sets). */
  readonly labels?: readonly string[]
}

export type RunOptionKey = keyof RunOptions

/** Each run option: the flag users write, the capability a backend declares to take it. */
export const RUN_OPTIONS: Readonly<Record<RunOptionKey, {readonly flag: string; readonly capability: string}>> = {
  volumes: {flag: '--volume', capability: 'run-volume'},
  publish: {flag: '--publish', capability: 'run-publish'},
  network: {flag: '--network', capability: 'run-network'},
  user: {flag: '--user', capability: 'run-user'},
  workdir: {flag: '--workdir', capability: 'run-workdir'},
  ulimits: {flag: '--ulimit', capability: 'run-ulimit'},
  cpus: {flag: '--cpus', capability: 'run-cpus'},
  memory: {flag: '--memory', capability: 'run-memory'},
  labels: {flag: '--label', capability: 'run-label'},
}
