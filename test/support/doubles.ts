import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {readRecord, writeRecord} from '../doubles/lib.mjs'
import {REPO_ROOT} from './cli.js'

const DOUBLES = join(REPO_ROOT, 'test', 'doubles')

/** PATH with the doubles of `container` and `smolvm` first, as the tests put them. */
export const PATH_WITH_DOUBLES = [join(DOUBLES, 'container'), join(DOUBLES, 'smolvm'), process.env.PATH].join(':')
export const CONTAINER_DOUBLE = join(DOUBLES, 'container', 'container')
export const SMOLVM_DOUBLE = join(DOUBLES, 'smolvm', 'smolvm')

/** The argv of every call a double got, oldest first. */
async function calls(dir: string): Promise<string[][]> {
  const log = await readFile(join(dir, 'calls.jsonl'), 'utf8').catch(() => '')
  return log
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as {argv: string[]}).argv)
}

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
  readonly dockerfile: string
  readonly context: {path: string; mode: string; files: string[]}
}

/** The `container` double's state in `dir`, at a version (0.11.0, 1.0.0, 1.2.1). */
export function containerDouble(dir: string, version = '1.2.1') {
  return {
    dir,
    env: {PATH: PATH_WITH_DOUBLES, CONTAINER_DOUBLE_STATE: dir, CONTAINER_DOUBLE_VERSION: version},
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
    /** What the agent did inside the container: a file written on its disk. */
    writeFile(id: string, path: string, content: string): void {
      writeRecord(dir, 'rootfs', id, {...readRecord(dir, 'rootfs', id), [path]: content})
    },
    readFile: (id: string, path: string): string | undefined => readRecord(dir, 'rootfs', id)?.[path],
    /** Makes every command fail as when `container system start` was not run. */
    async stopService(): Promise<void> {
      await mkdir(dir, {recursive: true})
      await writeFile(join(dir, 'service-stopped'), '')
    },
    calls: () => calls(dir),
  }
}

export type ContainerDouble = ReturnType<typeof containerDouble>

export interface MachineSpec {
  readonly name: string
  readonly state: 'created' | 'running' | 'stopped' | 'failed' | 'unreachable' | 'frozen'
  /** The image a machine was made from; null for a machine made without one. */
  readonly image?: string | null
}

/** The `smolvm` double's state in `dir` (its SMOLVM_DATA_DIR). */
export function smolvmDouble(dir: string) {
  return {
    dir,
    env: {PATH: PATH_WITH_DOUBLES, SMOLVM_DATA_DIR: dir},
    /** Sets up a machine as `smolvm machine status --json` reports it. */
    async addMachine(spec: MachineSpec): Promise<void> {
      writeRecord(dir, 'machines', spec.name, {
        name: spec.name,
        state: spec.state,
        cpus: 2,
        memory_mib: 2048,
        pid: spec.state === 'running' ? 4242 : null,
        image: spec.image ?? null,
        created_at: 1_795_000_000,
        labels: {},
      })
    },
    machineState: (name: string): string | undefined => (readRecord(dir, 'machines', name) as {state: string} | null)?.state,
    /** What the agent did inside the machine: a file written on its disk. */
    writeFile(name: string, path: string, content: string): void {
      writeRecord(dir, 'disks', name, {...readRecord(dir, 'disks', name), [path]: content})
    },
    readFile: (name: string, path: string): string | undefined => readRecord(dir, 'disks', name)?.[path],
    calls: () => calls(dir),
  }
}

export type SmolvmDouble = ReturnType<typeof smolvmDouble>

/** Writes `<stateRoot>/<slug>/metadata.json` as a launch does: the host picks the backend from it. */
export async function writeBottleMetadata(stateRoot: string, slug: string, backend: string): Promise<void> {
  await mkdir(join(stateRoot, slug), {recursive: true})
  await writeFile(
    join(stateRoot, slug, 'metadata.json'),
    JSON.stringify({backend, agentName: 'claude', startedAt: '2026-11-30T00:00:00.000Z'}, null, 2),
  )
}
