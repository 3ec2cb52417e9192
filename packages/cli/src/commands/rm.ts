import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {type ErrorReport, type RemoveResult, removeBottle} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'

export default class Rm extends BottleCommand {
  static override summary = 'Tear a bottle down: its container or machine, and its state unless preserved.'

  static override description = `Removes <prefix><slug> from its backend, running or not. The bottle's state goes too, unless the bottle is preserved (it was committed): then its state and snapshots stay, for bottle resume.

--purge also removes a preserved bottle's state and, after a confirmation (or --yes), its committed artifacts (the images bottle pushed included). Without a terminal and without --yes it fails with exit code 7 and removes nothing.

A running bottle with work no snapshot holds (never committed, or started after its newest snapshot) is removed only after a confirmation, or with --force; without a terminal and without --force it fails with exit code 7 and removes nothing. Only the files bottle wrote are removed from the state folder; a folder that holds none of them is refused (exit 6) and left untouched.

Exit codes: 0 removed, or declined at the question; 4 no such bottle; 5 the backend's tool failed; 6 not a bottle's state folder, or state that cannot be written; 7 a confirmation is needed but there is no terminal (--yes for --purge, --force for unsaved work); 9 another bottle process is changing it; 130/143 interrupted before anything was removed (once removal has started it finishes, and names what it left).`

  static override examples = [
    {description: 'Tear down; a committed bottle keeps its snapshots', command: '<%= config.bin %> <%= command.id %> demo'},
    {description: 'Remove everything, snapshots included', command: '<%= config.bin %> <%= command.id %> demo --purge --yes'},
  ]

  static override args = {
    slug: Args.string({description: 'the bottle\'s slug', required: true}),
  }

  static override flags = {
    purge: Flags.boolean({description: 'also remove a preserved bottle\'s state and committed artifacts'}),
    yes: Flags.boolean({char: 'y', description: 'agree to removing the committed artifacts without asking'}),
    force: Flags.boolean({char: 'f', description: 'remove a running bottle even though it has work no snapshot holds, without asking'}),
  }

  async run(): Promise<RemoveResult> {
    const {args, flags} = await this.parse(Rm)
    const host = await this.host()
    const result = await removeBottle({...host, io: this.hostIO(flags.yes, {'--force': flags.force}), slug: args.slug, purge: flags.purge})
    if (!this.jsonEnabled()) {
      this.note(result.removed ? `removed ${result.bottleName}` : `${result.bottleName} was already gone`)
      if (result.stateKept) {
        this.note(`kept the state and snapshots of ${result.slug}: it is preserved. Resume it with: bottle resume ${result.slug}; remove everything with: bottle rm ${result.slug} --purge`)
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
