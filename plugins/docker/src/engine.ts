import type {ExecResult} from '@bottle/core/plugin'

/**
 * Which engine the configured binary is, and everything the docker backend
 * does differently for it. One implementation drives both: podman takes
 * docker's verbs and flags, and differs only in the few places named here.
 *
 * The answer comes from the client's own `--version` ("Docker version 28.2.2,
 * build e6534b4", "podman version 4.3.1"): it needs no engine round trip,
 * works while the engine is down, and sees through podman installed as
 * `docker` (Debian's podman-docker), which a binary name would not.
 * Anything that is not podman is driven as docker (nerdctl answers
 * "nerdctl version ...", takes docker's verbs, and is treated as docker).
 */
export type EngineKind = 'docker' | 'podman'

export interface Engine {
  readonly kind: EngineKind
  /** The client's first line of `--version`, e.g. "podman version 4.3.1"; empty when it printed none. */
  readonly client: string
  /**
   * Whether the binary is Docker's own CLI. Only then do Docker's API and
   * its socket speak for it (a fast path over /var/run/docker.sock must use
   * the CLI for anything else: podman, nerdctl, a wrapper that printed nothing).
   */
  readonly isDockerCli: boolean
  /** The global flags that pick the engine to talk to: docker's `--context`, podman's `--connection`. */
  target(context: string | undefined): string[]
  /** `commit` flags that name the commit. Podman writes OCI images, which have no place for a message (`-f docker` would add one, and a second config). */
  commitMessage(message: string): string[]
  /**
   * The image configs a secret scrub must check, as inspect templates.
   * Docker before 25 copies the container's config, values and all, into
   * `.ContainerConfig` of a committed image; podman's OCI image has one
   * config, and its inspect has no such field (asking for it is an error).
   */
  readonly envTemplates: readonly string[]
  /** Flags for a push to, or a run that may pull from, `reference`'s registry. */
  registryFlags(reference: string): string[]
  /**
   * Whether a commit goes on when its client dies. Docker's daemon finishes
   * it (and unpauses the container); podman's commit runs in the client, so
   * a killed client leaves no image, and a paused container nobody unpauses.
   */
  readonly commitOutlivesClient: boolean
  /** `rm` flags that remove a running container at once, as `docker rm --force` does (podman's would first wait 10 s for it to stop). */
  readonly forceRemove: readonly string[]
  /** The engine's version as recorded with a bottle and its snapshots: podman's names podman (docker's stays bare, as in older records). */
  describeVersion(server: string): string
}

// Docker talks plain HTTP to a registry on loopback; podman does not unless told, and is told only for loopback.
const LOOPBACK_REGISTRY = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?\//

const DOCKER: Omit<Engine, 'client' | 'isDockerCli'> = {
  kind: 'docker',
  target: (context) => (context ? ['--context', context] : []),
  commitMessage: (message) => ['--message', message],
  envTemplates: ['.Config.Env', '.ContainerConfig.Env'],
  registryFlags: () => [],
  commitOutlivesClient: true,
  forceRemove: ['--force'],
  describeVersion: (server) => server,
}

const PODMAN: Omit<Engine, 'client' | 'isDockerCli'> = {
  kind: 'podman',
  target: (context) => (context ? ['--connection', context] : []),
  commitMessage: () => [],
  envTemplates: ['.Config.Env'],
  registryFlags: (reference) => (LOOPBACK_REGISTRY.test(reference) ? ['--tls-verify=false'] : []),
  commitOutlivesClient: false,
  forceRemove: ['--force', '--time', '0'],
  describeVersion: (server) => `podman ${server}`,
}

/** The engine a `--version` answer names. */
export function engineFrom(version: ExecResult): Engine {
  const client = version.exitCode === 0 ? (version.stdout.trim().split('\n')[0] ?? '').trim() : ''
  if (/^podman version /i.test(client)) return {...PODMAN, client, isDockerCli: false}
  return {...DOCKER, client, isDockerCli: /^Docker version /.test(client)}
}

const known = new Map<string, Promise<Engine>>()
const settled = new Map<string, Engine>()

/**
 * The engine behind `binary`, asked once per process: every verb of a
 * command needs it, and it cannot change while bottle runs.
 */
export function detectEngine(binary: string, askVersion: () => Promise<ExecResult>): Promise<Engine> {
  let engine = known.get(binary)
  if (!engine) {
    engine = askVersion().then((version) => {
      const found = engineFrom(version)
      settled.set(binary, found)
      return found
    })
    known.set(binary, engine)
    // A binary that could not be run is asked again next time (it may have been installed since).
    engine.catch(() => known.delete(binary))
  }

  return engine
}

/** The engine already detected for `binary` in this process (by the commit a hint follows); docker's dialect when none was. */
export function detectedEngine(binary: string): Engine {
  return settled.get(binary) ?? engineFrom({exitCode: 1, stdout: '', stderr: ''})
}
