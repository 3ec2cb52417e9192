import {readCalls, readRecord, writeRecord} from '@bottle/core/testing/double'
import {mkdir, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The folder of the `container` double: put it first on PATH. */
export const CONTAINER_DOUBLE_DIR = dirname(fileURLToPath(import.meta.url))
export const CONTAINER_DOUBLE = join(CONTAINER_DOUBLE_DIR, 'container')

/**
 * The releases the double speaks, each with what it changed for bottle:
 * 1.0.0 the inspect shape; 1.2.1 export of a running container; 1.3.0 no
 * `--scheme auto`; 1.4.1 the `system status` shape and unescaped `/`.
 * `pr1762` is a 1.4.1 build with PR #1762's `container commit`.
 */
export const CONTAINER_RELEASES = ['0.11.0', '1.0.0', '1.2.0', '1.2.1', '1.3.1', '1.4.1', 'pr1762'] as const
export type ContainerRelease = (typeof CONTAINER_RELEASES)[number]

export interface ContainerSpec {
  readonly id: string
  readonly state: 'running' | 'stopped' | 'stopping' | 'unknown'
  readonly executable?: string
  readonly arguments?: readonly string[]
  readonly environment?: readonly string[]
  readonly workingDirectory?: string
  /** As `container inspect` prints it: {raw: {userString}} or {id: {uid, gid}}. */
  readonly user?: unknown
  readonly mounts?: ReadonlyArray<{source: string; destination: string}>
}

export interface BuiltImage {
  readonly reference: string
  /** For an image built from an export. */
  readonly dockerfile?: string
  readonly context?: {path: string; mode: string; files: string[]}
  /** For an image made by `container commit`. */
  readonly config?: {env: string[]; cmd: string[]; workingDir?: string; labels: Record<string, string>}
  readonly files: Record<string, string>
}

/** The `container` double's state in `dir`, speaking `release`. */
export function containerDouble(dir: string, release: ContainerRelease = '1.4.1') {
  const version = release === 'pr1762' ? '1.4.1' : release
  return {
    dir,
    release,
    env: {
      PATH: `${CONTAINER_DOUBLE_DIR}:${process.env.PATH}`,
      CONTAINER_DOUBLE_STATE: dir,
      CONTAINER_DOUBLE_VERSION: version,
      CONTAINER_DOUBLE_PR1762: release === 'pr1762' ? '1' : '0',
    },
    /** Sets up a container as `container run --name <id> ...` would leave it (the 1.0 inspect object). */
    async addContainer(spec: ContainerSpec): Promise<void> {
      writeRecord(dir, 'containers', spec.id, {
        id: spec.id,
        configuration: {
          id: spec.id,
          image: {reference: 'docker.io/library/node:22'},
          initProcess: {
            executable: spec.executable ?? '/bin/sh',
            arguments: spec.arguments ?? [],
            environment: spec.environment ?? ['PATH=/usr/local/bin:/usr/bin:/bin'],
            workingDirectory: spec.workingDirectory ?? '/',
            terminal: false,
            user: spec.user ?? {id: {uid: 0, gid: 0}},
            supplementalGroups: [],
            rlimits: [],
          },
          mounts: spec.mounts ?? [],
          labels: {},
        },
        status: {state: spec.state, startedDate: '2026-11-30T00:00:00Z', networks: []},
      })
    },
    containerState: (id: string): string | undefined => (readRecord(dir, 'containers', id) as {status: {state: string}} | null)?.status.state,
    image: (reference: string): BuiltImage | null => readRecord(dir, 'images', reference),
    /** Sets up an image as a pull or a build would leave it, with the files its root filesystem holds. */
    addImage(reference: string, files: Record<string, string> = {}): void {
      writeRecord(dir, 'images', reference, {reference, dockerfile: 'FROM scratch\nCMD ["/bin/sh"]\n', files})
    },
    /** An image a registry serves (not pulled yet); `plainHttp`: the registry speaks HTTP, not HTTPS. */
    addRegistryImage(reference: string, plainHttp: boolean, files: Record<string, string> = {}): void {
      writeRecord(dir, 'registry', reference, {reference, dockerfile: 'FROM scratch\nCMD ["/bin/sh"]\n', files, plainHttp})
    },
    /** What the agent did inside the container: a file written on its disk. */
    writeFile(id: string, path: string, content: string): void {
      writeRecord(dir, 'rootfs', id, {...readRecord(dir, 'rootfs', id), [path]: content})
    },
    readFile: (id: string, path: string): string | undefined => readRecord(dir, 'rootfs', id)?.[path],
    /** Stands for a system service that is not running (`container system start` not run). */
    async stopService(): Promise<void> {
      await mkdir(dir, {recursive: true})
      await writeFile(join(dir, 'service-stopped'), '')
    },
    calls: () => readCalls(dir),
  }
}

export type ContainerDouble = ReturnType<typeof containerDouble>
