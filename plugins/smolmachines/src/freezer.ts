import {BottleNotFound, ToolFailed, defineFreezer, stopRunningBottle} from '@bottle/core/plugin'
import type {FreezeContext} from '@bottle/core/plugin'
import {rm, rmdir} from 'node:fs/promises'
import {basename, dirname} from 'node:path'
import {z} from '@bottle/core/plugin'

import {PAYLOAD_SUFFIX, exists, newPackPath} from './pack-path.js'
import {smolvm, toolMessage} from './tool.js'

const SmolmachinesOptions = z.strictObject({
  /** The `smolvm` CLI to drive. */
  binary: z.string().min(1).default('smolvm'),
})
type SmolmachinesOptions = z.infer<typeof SmolmachinesOptions>
type Context = FreezeContext<SmolmachinesOptions>

/** The part of `smolvm machine status --json` a commit needs. */
const MachineStatus = z.object({
  state: z.string(),
  /** The image a machine was made from; such machines keep /workspace on a disk the pack leaves out. */
  image: z.string().nullish(),
})

export default defineFreezer<SmolmachinesOptions>({
  apiVersion: 1,
  optionsSchema: SmolmachinesOptions,

  async freeze(ctx) {
    const machine = await status(ctx)
    if (machine.state === 'running') {
      await stopRunningBottle(ctx, () => runOrFail(ctx, ['machine', 'stop', '--name', ctx.bottleName], 'machine stop'))
    }

    const out = await newPackPath(ctx.stateDir, new Date())
    const payload = out + PAYLOAD_SUFFIX
    ctx.info(`packing ${ctx.bottleName} into ${out}`)
    try {
      await runOrFail(ctx, ['pack', 'create', '--from-vm', ctx.bottleName, '-o', out], 'pack create')
      if (!(await exists(payload))) throw new ToolFailed(`${ctx.options.binary} pack create reported success but wrote no ${payload}`)
    } catch (error) {
      // A half-written pack must not pass for an earlier commit's.
      await Promise.all([rm(out, {force: true}), rm(payload, {force: true})])
      // The packs folder too, when this failed commit made it: a failure leaves no trace in the state.
      await rmdir(dirname(out)).catch(() => {})
      throw error
    }

    ctx.warn('tmpfs contents (/tmp, /run, /dev/shm) are not in the pack')
    if (machine.image) ctx.warn(`/workspace is not in the pack: machines made from an image (${machine.image}) keep it on a separate storage disk`)
    return payload
  },

  exportHint({artifact, bottleName, options}) {
    const stub = artifact.endsWith(PAYLOAD_SUFFIX) ? artifact.slice(0, -PAYLOAD_SUFFIX.length) : artifact
    return [
      `scp ${shellQuote(stub)} ${shellQuote(artifact)} OTHER-HOST:`,
      `${options.binary} machine create --name ${bottleName} --from ${shellQuote(basename(artifact))}`,
      `${options.binary} machine start --name ${bottleName}`,
    ]
  },
})

async function status(ctx: Context): Promise<z.infer<typeof MachineStatus>> {
  const result = await smolvm(ctx, ['machine', 'status', '--name', ctx.bottleName, '--json'])
  if (result.exitCode !== 0) {
    const message = toolMessage(result)
    if (/not found/i.test(message)) throw new BottleNotFound(`no machine named ${ctx.bottleName} (${ctx.options.binary}: ${message})`)
    throw new ToolFailed(`${ctx.options.binary} machine status of ${ctx.bottleName} failed: ${message}`)
  }

  let data: unknown
  try {
    data = JSON.parse(result.stdout)
  } catch {
    throw new ToolFailed(`${ctx.options.binary} machine status printed output that is not JSON: ${JSON.stringify(result.stdout.slice(0, 80))}`)
  }

  const parsed = MachineStatus.safeParse(data)
  if (!parsed.success) throw new ToolFailed(`${ctx.options.binary} machine status printed an unexpected JSON shape`)
  return parsed.data
}

async function runOrFail(ctx: Context, args: readonly string[], verb: string): Promise<void> {
  const result = await smolvm(ctx, args)
  if (result.exitCode !== 0) throw new ToolFailed(`${ctx.options.binary} ${verb} of ${ctx.bottleName} failed: ${toolMessage(result)}`)
}


/** Hints are pasted into a shell: quote paths that need it (a state folder may hold spaces). */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}
