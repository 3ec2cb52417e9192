import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {type CommitResult, type ErrorReport, assertSlug, commitBottle} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'

export default class Commit extends BottleCommand {
  static override summary = 'Freeze a bottle to a resumable artifact.'

  static override description =
    `Snapshots the bottle <prefix><slug> with its backend (docker commit, container export + build, smolvm pack), records the artifact in the bottle's state, and marks the bottle preserved so teardown keeps it.

A running bottle is frozen as it runs where the backend and its tool can (docker; container 1.2.1+; smolvm checkpoints with --live); elsewhere bottle asks before stopping it (--yes agrees). --live insists on not stopping it and is refused where that cannot be; --stop stops it first anyway.

stdout carries only the artifact reference, so ref=$(bottle commit <slug>) works; hints, warnings and progress go to stderr. The backend comes from the bottle's state (docker when there is none).

Exit codes (the same with --json): 0 committed, or a confirmation declined; 2 bad input (slug, flag, config; --live, --include-workspace where the backend or its tool release cannot); 3 backend unknown, broken or contested, or its plugin misbehaved (threw a non-error, never settled, returned an unusable artifact); 4 no such bottle; 5 the backend's tool failed (its own words are shown); 6 bottle state damaged, not writable or without room for the record (checked before the backend runs), or a folder bottle did not make; 7 a confirmation is needed but there is no terminal (use --yes); 9 another bottle process is changing this bottle (use --wait); 130/143 interrupted, nothing recorded (an interrupt while --keep prunes ends with 0 and names what is left).`

  static override examples = [
    {description: 'Commit the bottle of slug "demo"', command: '<%= config.bin %> <%= command.id %> demo'},
    {description: 'Keep the image reference for a script', command: 'ref=$(<%= config.bin %> <%= command.id %> demo)'},
    {description: 'One JSON object: artifact, resume and export commands, warnings', command: '<%= config.bin %> <%= command.id %> demo --json'},
    {description: 'Freeze a running bottle without stopping it, where its backend can', command: '<%= config.bin %> <%= command.id %> demo --live'},
  ]

  static override args = {
    slug: Args.string({description: 'the bottle\'s slug (a-z, 0-9, "-", "_"; at most 64 characters)', required: true}),
  }

  static override flags = {
    yes: Flags.boolean({char: 'y', description: 'agree to any confirmation (such as stopping a running bottle) without asking'}),
    wait: Flags.boolean({description: 'if another commit of this bottle is running, wait for it instead of failing (exit 9)'}),
    scrub: Flags.boolean({
      allowNo: true,
      default: true,
      description: 'blank credential-like environment variables in the artifact and warn about credential files (--no-scrub: leave them, on purpose)',
    }),
    keep: Flags.integer({description: 'after the commit, keep only the newest N snapshots and remove the older artifacts', min: 1}),
    live: Flags.boolean({
      description:
        'freeze the bottle without stopping it (bottle backends shows which backends can, and whether memory is kept); refused with exit 2 where the backend or its tool release cannot',
      exclusive: ['stop', 'include-workspace'],
    }),
    stop: Flags.boolean({description: 'stop a running bottle first (asking, as without --yes), even where the backend could freeze it running', exclusive: ['live']}),
    'include-workspace': Flags.boolean({
      description: "put the bottle's /workspace in the artifact (smolmachines, where smolvm can); refused with exit 2 elsewhere",
      exclusive: ['live'],
    }),
  }

  async run(): Promise<CommitResult> {
    const {args, flags} = await this.parse(Commit)
    const slug = assertSlug(args.slug)
    const host = await this.host()
    const result = await commitBottle({
      slug,
      ...host,
      wait: flags.wait,
      scrub: flags.scrub,
      keep: flags.keep,
      live: flags.live,
      stop: flags.stop,
      includeWorkspace: flags['include-workspace'],
      io: this.hostIO(flags.yes),
    })
    const {pruned} = result
    if (!this.jsonEnabled()) {
      this.output(result.artifact)
      if (pruned && pruned.removed.length > 0) this.note(`removed older snapshots: ${pruned.removed.join(', ')}`)
      this.note(`to resume from this snapshot: ${result.resume}   (after bottle rm ${slug} too; --replace starts over from it)`)
      const {move} = result
      if (move.length > 0 || result.export.length > 0) this.note('to move it to another machine:')
      for (const line of move) this.note(`  ${line}`)
      if (move.length > 0 && result.export.length > 0) this.note("or with the backend's own tool (the artifact only, not the bottle's state):")
      for (const line of result.export) this.note(`  ${line}`)
    }

    return result
  }

  protected override cancelled(report: ErrorReport): unknown {
    this.note(`commit cancelled: ${report.message}; nothing was stopped or written`)
    return {cancelled: true, message: report.message}
  }
}
