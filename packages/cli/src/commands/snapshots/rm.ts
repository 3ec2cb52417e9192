import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {type RemoveSnapshotResult, removeSnapshot} from '@bottle/core'

import {BottleCommand} from '../../bottle-command.js'

export default class SnapshotsRm extends BottleCommand {
  static override summary = 'Remove one snapshot of a bottle: its artifact and its entry in the history.'

  static override description =
    `<ref> is the snapshot's artifact as bottle snapshots shows it, or its end after the last : or / (a docker tag such as 20261130-013134-405) when that names one snapshot. The artifact is removed through the backend (docker rmi, container image delete, the pack files); a copy pushed to a registry stays there. Then the snapshot leaves the history, and bottle resume uses the newest one left.

It runs under the bottle's lock, so a commit of the same bottle never records a snapshot meanwhile (--wait waits for one that is running instead of exit 9). The snapshot the bottle there was started from (bottle resume) is refused with exit 2 while that bottle exists: remove the bottle first, or resume another snapshot with --replace. An artifact the backend fails to remove (exit 5) stays in the history.

Exit codes: 0 removed; 2 the snapshot is in use, or <ref> names several; 3 the backend cannot remove artifacts; 4 no such bottle or snapshot; 5 the backend's tool failed; 9 a commit of the bottle is running.`

  static override examples = [
    {description: 'Remove the oldest snapshot of demo', command: '<%= config.bin %> snapshots rm demo "$(<%= config.bin %> snapshots demo -q | tail -n 1)"'},
  ]

  static override args = {
    slug: Args.string({description: "the bottle's slug", required: true}),
    ref: Args.string({description: "the snapshot: its artifact, or the artifact's tag", required: true}),
  }

  static override flags = {
    wait: Flags.boolean({description: 'if a commit of this bottle is running, wait for it instead of failing (exit 9)'}),
  }

  async run(): Promise<RemoveSnapshotResult> {
    const {args, flags} = await this.parse(SnapshotsRm)
    const host = await this.host()
    const result = await removeSnapshot({...host, io: this.hostIO(false), slug: args.slug, ref: args.ref, wait: flags.wait})
    if (!this.jsonEnabled()) {
      this.output(result.artifact)
      this.note(`removed snapshot ${result.artifact} of ${result.slug}; ${result.newest ? `bottle resume ${result.slug} now uses ${result.newest}` : 'it has no snapshot left'}`)
    }

    return result
  }
}
