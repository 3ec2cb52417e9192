import {BottleError, ErrorCode, ToolFailed, askTogether, defineFreezer, stopRunningBottle} from '@bottle/core/plugin'
import type {FreezeContext} from '@bottle/core/plugin'
import {rm, rmdir} from 'node:fs/promises'
import {basename, dirname} from 'node:path'
import {z} from '@bottle/core/plugin'

import {PAYLOAD_SUFFIX, artifactFiles, exists, newPackPath} from './pack-path.js'
import {CHECKPOINT, LOSSLESS_PACKS, type SmolvmRelease, checkpointSuffix, packIncludesWorkspace, smolvmRelease} from './release.js'
import {smolvm} from './tool.js'

const SmolmachinesOptions = z.strictObject({
  /** The `smolvm` CLI to drive. */
  binary: z.string().min(1).default('smolvm'),
  /** Put the machine's /workspace storage disk in every pack (`pack create --include-workspace`), as `commit --include-workspace` does once. */
  includeWorkspace: z.boolean().default(false),
})
type SmolmachinesOptions = z.infer<typeof SmolmachinesOptions>
type Context = FreezeContext<SmolmachinesOptions>

/** The part of `smolvm machine status --json` a commit needs. */
const MachineStatus = z.object({
  state: z.string(),
  /** The image a machine was made from; such machines keep /workspace on a disk the pack leaves out. */
  image: z.string().nullish(),
})
type MachineStatus = z.infer<typeof MachineStatus>

export default defineFreezer<SmolmachinesOptions>({
  apiVersion: 1,
  optionsSchema: SmolmachinesOptions,

  async freeze(ctx) {
    const [machine, release] = await askTogether<[MachineStatus, SmolvmRelease]>([status(ctx), smolvmRelease(ctx)])
    if (ctx.live) {
      if (!release.at(CHECKPOINT)) {
        throw new BottleError(
          ErrorCode.BadInput,
          `${toolName(ctx, release)} has no machine checkpoint (${CHECKPOINT} and later have): upgrade it, or commit without --live (it asks before stopping ${ctx.bottleName} to pack it)`,
        )
      }

      // A stopped machine has no memory to keep: its pack is the whole of it.
      if (machine.state === 'running') return checkpoint(ctx, release)
    }

    return pack(ctx, machine, release)
  },

  exportHint({artifact, bottleName, options}) {
    return [
      `scp ${artifactFiles(artifact).map(shellQuote).join(' ')} OTHER-HOST:`,
      `${options.binary} machine create --name ${bottleName} --from ${shellQuote(basename(artifact))}`,
      `${options.binary} machine start --name ${bottleName}`,
    ]
  },
})

/** `machine checkpoint`: the running machine with its memory, into one file; it keeps running. */
async function checkpoint(ctx: Context, release: SmolvmRelease): Promise<string> {
  const out = (await newPackPath(ctx.stateDir, new Date())) + checkpointSuffix(release)
  ctx.info(`checkpointing ${ctx.bottleName} into ${out} while it runs (its memory too)`)
  await writeOrClean(ctx, [out], () => smolvm(ctx).runOrFail('machine checkpoint', ['machine', 'checkpoint', '--name', ctx.bottleName, '-o', out]))
  return out
}

/** `pack create --from-vm`: the stopped machine's disks, as a stub and its payload. */
async function pack(ctx: Context, machine: MachineStatus, release: SmolvmRelease): Promise<string> {
  const includeWorkspace = ctx.includeWorkspace || ctx.options.includeWorkspace
  // Asked before anything is stopped: a wish the tool cannot meet must not cost the agent its session.
  if (includeWorkspace && !(await packIncludesWorkspace(ctx))) {
    throw new BottleError(
      ErrorCode.BadInput,
      `${toolName(ctx, release)} has no pack create --include-workspace (1.17.0 has): upgrade it, or commit without --include-workspace (and without backends.smolmachines.includeWorkspace)`,
    )
  }

  if (machine.state === 'running') {
    await stopRunningBottle(ctx, () => smolvm(ctx).runOrFail('machine stop', ['machine', 'stop', '--name', ctx.bottleName]))
  }

  const out = await newPackPath(ctx.stateDir, new Date())
  const payload = out + PAYLOAD_SUFFIX
  ctx.info(`packing ${ctx.bottleName} into ${out}`)
  const flags = includeWorkspace ? ['--include-workspace'] : []
  await writeOrClean(ctx, [out, payload], () => smolvm(ctx).runOrFail('pack create', ['pack', 'create', '--from-vm', ctx.bottleName, ...flags, '-o', out]))

  ctx.warn('tmpfs contents (/tmp, /run, /dev/shm) are not in the pack')
  if (machine.image && !includeWorkspace) {
    ctx.warn(`/workspace is not in the pack: machines made from an image (${machine.image}) keep it on a separate storage disk; commit with --include-workspace to keep it`)
  }

  if (release.before(LOSSLESS_PACKS)) {
    ctx.warn(
      `${ctx.options.binary} ${release.version} writes lossy packs (before 1.8.0 the image's environment and its layers past the third, before ${LOSSLESS_PACKS} file owners): upgrade smolvm and commit again`,
    )
  }

  return payload
}

/** Runs the tool that writes `files`; when it fails or writes nothing, removes what it left, so a half-written artifact never passes for a commit. */
async function writeOrClean(ctx: Context, files: readonly string[], write: () => Promise<unknown>): Promise<void> {
  try {
    await write()
    const last = files.at(-1)!
    if (!(await exists(last))) throw new ToolFailed(`${ctx.options.binary} reported success but wrote no ${last}`)
  } catch (error) {
    await Promise.all(files.map((file) => rm(file, {force: true})))
    // The packs folder too, when this failed commit made it: a failure leaves no trace in the state.
    await rmdir(dirname(files[0]!)).catch(() => {})
    throw error
  }
}

async function status(ctx: Context): Promise<MachineStatus> {
  const tool = smolvm(ctx)
  const result = await tool.runOrFail('machine status', ['machine', 'status', '--name', ctx.bottleName, '--json'])
  return tool.json('machine status', result.stdout, MachineStatus)
}

function toolName(ctx: Context, release: SmolvmRelease): string {
  return `${ctx.options.binary} ${release.version ?? '(version unknown)'}`
}

/** Hints are pasted into a shell: quote paths that need it (a state folder may hold spaces). */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}
