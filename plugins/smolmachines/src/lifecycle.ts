import {ToolFailed, defineLifecycle, z} from '@bottle/core/plugin'
import type {BottleStatus, Freezer, LifecycleContext} from '@bottle/core/plugin'
import {copyFile, rm} from 'node:fs/promises'
import {basename, join} from 'node:path'

import type freezer from './freezer.js'
import {PAYLOAD_SUFFIX, artifactFiles, isCheckpoint, newPackPath} from './pack-path.js'
import {smolvmRelease} from './release.js'
import {NOT_FOUND, smolvm} from './tool.js'

type SmolmachinesOptions = typeof freezer extends Freezer<infer Options> ? Options : never
type Context = LifecycleContext<SmolmachinesOptions>

export default defineLifecycle<SmolmachinesOptions>({
  apiVersion: 1,

  async launch(ctx, spec) {
    const fromFile = spec.fromArtifact || spec.source.endsWith(PAYLOAD_SUFFIX) || isCheckpoint(spec.source)
    const env = spec.env.flatMap((entry) => ['--env', entry])
    const command = spec.command.length > 0 ? ['--', ...spec.command] : []
    await smolvm(ctx).runOrFail('machine create', ['machine', 'create', '--name', ctx.bottleName, ...(fromFile ? ['--from'] : ['--image']), spec.source, ...env, ...command])
    // A restored checkpoint may come back running, where it was; start only what is not.
    if (isCheckpoint(spec.source) && (await machineStatus(ctx)) === 'running') return
    await smolvm(ctx).runOrFail('machine start', ['machine', 'start', '--name', ctx.bottleName])
  },

  status: (ctx) => machineStatus(ctx),

  start: async (ctx) => void (await smolvm(ctx).runOrFail('machine start', ['machine', 'start', '--name', ctx.bottleName])),
  stop: async (ctx) => void (await smolvm(ctx).runOrFail('machine stop', ['machine', 'stop', '--name', ctx.bottleName])),

  async remove(ctx) {
    // Without -f smolvm asks on stdin, and takes no answer as "Cancelled", exit 0, the machine kept.
    const tool = smolvm(ctx)
    const result = await tool.run(['machine', 'delete', '--name', ctx.bottleName, '-f'])
    // Already gone is what was asked for.
    if (result.exitCode !== 0 && !NOT_FOUND.test(tool.message(result))) throw tool.failure('machine delete', result)
  },

  /** A pack is two files, the stub and its payload: both travel; a checkpoint is one. */
  async exportArtifact(_ctx, artifact, dir) {
    await Promise.all(artifactFiles(artifact).map((file) => copyFile(file, join(dir, basename(file)))))
  },

  async importArtifact(ctx, artifact, dir) {
    const out = await newPackPath(ctx.stateDir, new Date())
    const here = isCheckpoint(artifact) ? out + artifact.slice(artifact.lastIndexOf('.')) : out + PAYLOAD_SUFFIX
    const [from, to] = [artifactFiles(artifact), artifactFiles(here)]
    await Promise.all(from.map((file, i) => copyFile(join(dir, basename(file)), to[i]!)))
    return here
  },

  async removeArtifact(_ctx, artifact) {
    await Promise.all(artifactFiles(artifact).map((file) => rm(file, {force: true})))
  },

  async toolVersion(ctx) {
    const {version} = await smolvmRelease(ctx)
    if (!version) throw new ToolFailed(`${ctx.options.binary} --version did not tell its version`)
    return version
  },
})

/** The one field of `machine status --json` a lifecycle needs. */
const MachineState = z.object({state: z.string()})

async function machineStatus(ctx: Context): Promise<BottleStatus> {
  const tool = smolvm(ctx)
  const result = await tool.run(['machine', 'status', '--name', ctx.bottleName, '--json'])
  if (result.exitCode !== 0) {
    if (NOT_FOUND.test(tool.message(result))) return 'missing'
    throw tool.failure('machine status', result)
  }

  const {state} = await tool.json('machine status', result.stdout, MachineState)
  // created, stopped, failed, unreachable, frozen: none of them is doing work, and each can be started or removed.
  return state === 'running' ? 'running' : 'stopped'
}
