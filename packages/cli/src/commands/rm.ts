import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {BottleError, ErrorCode, type ErrorReport, type RemoveResult, assertSlug, removeBottle, reportError} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'
import type {Host} from '../host.js'

/** One slug's outcome when several are removed. */
type Outcome = RemoveResult | {slug: string; cancelled: true; message: string} | {slug: string; error: ErrorReport}

export default class Rm extends BottleCommand {
  static override summary = 'Tear a bottle down: its container or machine, and its state unless preserved.'

  static override description =
    `Removes <prefix><slug> from its backend, running or not. The bottle's state goes too, unless the bottle is preserved (it was committed): then its state and snapshots stay, for bottle resume.

--purge also removes a preserved bottle's state and, after a confirmation (or --yes), its committed artifacts (the images bottle pushed included). Without a terminal and without --yes it fails with exit code 7 and removes nothing.

A running bottle with work no snapshot holds (never committed, or started after its newest snapshot) is removed only after a confirmation, or with --force; without a terminal and without --force it fails with exit code 7 and removes nothing. Only the files bottle wrote are removed from the state folder; a folder that holds none of them is refused (exit 6) and left untouched.

Several slugs remove several bottles, one after the other, each reported on its own line; one that fails does not stop the others, and the exit code is the highest of theirs (0 when all were removed). With --json, one slug gives its object as below; several give {"bottles": [...]}, each a bottle's object, {"slug", "cancelled": true, "message"} or {"slug", "error": {"code", "message", "exitCode"}}. One bottle's --json: {"slug", "backend", "bottleName", "removed", "stateKept", "artifactsRemoved", "artifactsKept", "warnings"}.

Exit codes: 0 removed, or declined at the question; 4 no such bottle; 5 the backend's tool failed; 6 not a bottle's state folder, or state that cannot be written; 7 a confirmation is needed but there is no terminal (--yes for --purge, --force for unsaved work); 9 another bottle process is changing it; 130/143 interrupted before anything was removed (once removal has started it finishes, and names what it left).`

  static override examples = [
    {description: 'Tear down; a committed bottle keeps its snapshots', command: '<%= config.bin %> <%= command.id %> demo'},
    {description: 'Remove everything, snapshots included', command: '<%= config.bin %> <%= command.id %> demo --purge --yes'},
    {description: 'Several bottles at once, work no snapshot holds included', command: '<%= config.bin %> <%= command.id %> demo demo2 --force'},
  ]

  static override strict = false

  static override usage = '<%= command.id %> SLUG... [--purge] [-y]'

  static override args = {
    slug: Args.string({description: "the bottle's slug; give several to remove several bottles", required: true}),
  }

  static override flags = {
    purge: Flags.boolean({description: "also remove a preserved bottle's state and committed artifacts"}),
    yes: Flags.boolean({char: 'y', description: 'agree to removing the committed artifacts without asking'}),
    force: Flags.boolean({char: 'f', description: 'remove a running bottle even though it has work no snapshot holds, without asking'}),
  }

  async run(): Promise<RemoveResult | {bottles: Outcome[]}> {
    const {argv, flags, nonExistentFlags} = await this.parse(Rm)
    if (nonExistentFlags.length > 0) throw new BottleError(ErrorCode.BadInput, `Nonexistent flag: ${nonExistentFlags[0]}`)
    // Every slug checked before any bottle is touched.
    const slugs = [...new Set((argv as string[]).map((slug) => assertSlug(slug)))]
    const host = await this.host()
    if (slugs.length === 1) return this.remove(host, slugs[0]!, flags)

    const bottles: Outcome[] = []
    for (const slug of slugs) {
      try {
        bottles.push(await this.remove(host, slug, flags))
      } catch (error) {
        const report = reportError(error)
        if (report.code === ErrorCode.Interrupted) throw error
        if (report.code === ErrorCode.Cancelled) {
          this.cancelled(report)
          bottles.push({slug, cancelled: true, message: report.message})
          continue
        }

        this.note(`bottle: ${slug}: ${report.message}`)
        bottles.push({slug, error: report})
        process.exitCode = Math.max(Number(process.exitCode ?? 0), report.exitCode)
      }
    }

    return {bottles}
  }

  private async remove(host: Host, slug: string, flags: {purge: boolean; yes: boolean; force: boolean}): Promise<RemoveResult> {
    const result = await removeBottle({...host, io: this.hostIO(flags.yes, {'--force': flags.force}), slug, purge: flags.purge})
    if (!this.jsonEnabled()) {
      this.note(result.removed ? `removed ${result.bottleName}` : `${result.bottleName} was already gone`)
      if (result.stateKept) {
        this.note(
          `kept the state and snapshots of ${result.slug}: it is preserved. Resume it with: bottle resume ${result.slug}; remove everything with: bottle rm ${result.slug} --purge`,
        )
      }

      if (result.artifactsRemoved.length > 0) this.note(`removed ${result.artifactsRemoved.join(', ')}`)
      if (result.artifactsKept.length > 0) this.note(`still there, and still listed in the state: ${result.artifactsKept.join(', ')}`)
    }

    return result
  }

  protected override cancelled(report: ErrorReport): unknown {
    this.note(`rm cancelled: ${report.message}`)
    return {cancelled: true, message: report.message}
  }
}
