import {BottleError, ErrorCode} from './errors.js'
import type {FreezeContext} from './freezer.js'

/** The image archive of a bottle export, read member by member without unpacking it: what an import checks before it loads. */
export interface ExportArchive {
  /** A member's text by its plain name (a tool lists it as `x` or `./x`); undefined when there is none. */
  member(name: string): Promise<string | undefined>
  /** BadInput naming the archive and why it is not an image archive of a bottle export. */
  refuse(reason: string): BottleError
}

/** Lists `archive` with the system `tar` (a tar that fails is refused in its own words); members are read on demand. */
export async function openExportArchive(ctx: Pick<FreezeContext, 'exec'>, archive: string): Promise<ExportArchive> {
  const refuse = (reason: string) => new BottleError(ErrorCode.BadInput, `${archive} is not an image archive of a bottle export: ${reason}`)
  const tar = async (args: readonly string[]) => {
    const result = await ctx.exec('tar', args)
    if (result.exitCode !== 0) throw refuse(result.stderr.trim().split('\n').at(-1) || `tar exit code ${result.exitCode}`)
    return result.stdout
  }

  const listed = new Map((await tar(['-tf', archive])).split('\n').map((line) => [line.replace(/^\.\//, ''), line] as const))
  return {
    member: async (name) => {
      const entry = listed.get(name)
      return entry === undefined ? undefined : tar(['-xOf', archive, entry])
    },
    refuse,
  }
}
