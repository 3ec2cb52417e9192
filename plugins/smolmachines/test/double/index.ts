import {readCalls, readRecord, writeRecord} from '@bottle/core/testing/double'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The folder of the `smolvm` double: put it first on PATH. */
export const SMOLVM_DOUBLE_DIR = dirname(fileURLToPath(import.meta.url))
export const SMOLVM_DOUBLE = join(SMOLVM_DOUBLE_DIR, 'smolvm')

/**
 * The releases the double speaks, each with what it changed for bottle:
 * 1.0.2 lossy packs (before 1.8.1); 1.9.3 lossless packs; 1.13.1 `machine
 * checkpoint`; 1.17.0 `pack create --include-workspace`; 1.19.1 checkpoints
 * named `.checkpoint`; 1.23.0 both names.
 */
export const SMOLVM_RELEASES = ['1.0.2', '1.9.3', '1.13.1', '1.17.0', '1.19.1', '1.23.0'] as const
export type SmolvmRelease = (typeof SMOLVM_RELEASES)[number]

export interface MachineSpec {
  readonly name: string
  readonly state: 'created' | 'running' | 'stopped' | 'failed' | 'unreachable' | 'frozen'
  /** The image a machine was made from; null for a machine made without one. */
  readonly image?: string | null
}

/** The `smolvm` double's state in `dir` (its SMOLVM_DATA_DIR), speaking `release`. */
export function smolvmDouble(dir: string, release: SmolvmRelease = '1.23.0') {
  return {
    dir,
    release,
    env: {PATH: `${SMOLVM_DOUBLE_DIR}:${process.env.PATH}`, SMOLVM_DATA_DIR: dir, SMOLVM_DOUBLE_VERSION: release},
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
    /** What the agent's processes hold in memory: gone when the machine stops, kept by a checkpoint. */
    writeMemory(name: string, key: string, value: string): void {
      writeRecord(dir, 'memory', name, {...readRecord(dir, 'memory', name), [key]: value})
    },
    readMemory: (name: string, key: string): string | undefined => readRecord(dir, 'memory', name)?.[key],
    calls: () => readCalls(dir),
  }
}

export type SmolvmDouble = ReturnType<typeof smolvmDouble>
