import * as Args from '@oclif/core/args'
import {type Snapshot, listSnapshots} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'

export default class Snapshots extends BottleCommand {
  static override summary = 'List every snapshot of a bottle, newest first.'

  static override description = `Each commit of the bottle (and each import or push of one): its artifact, when it was committed, the backend, the tool's version and the host's architecture. bottle resume uses the newest; bottle commit --keep N removes all but the newest N.`

  static override examples = ['<%= config.bin %> <%= command.id %> demo', '<%= config.bin %> <%= command.id %> demo --json']

  static override args = {
    slug: Args.string({description: 'the bottle\'s slug', required: true}),
  }

  async run(): Promise<{slug: string; snapshots: Snapshot[]}> {
    const {args} = await this.parse(Snapshots)
    const host = await this.host()
    const snapshots = await listSnapshots({...host, io: this.hostIO(false), slug: args.slug})
    if (!this.jsonEnabled()) {
      if (snapshots.length === 0) this.note(`bottle ${args.slug} has no snapshots; make one with: bottle commit ${args.slug}`)
      for (const s of snapshots) {
        this.log(`${s.committedAt.padEnd(26)} ${s.artifact.padEnd(48)} ${s.via.padEnd(7)} ${s.backend} ${s.toolVersion ?? ''} ${s.arch ?? ''}`.trimEnd())
      }
    }

    return {slug: args.slug, snapshots}
  }
}
