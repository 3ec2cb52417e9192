import * as Args from '@oclif/core/args'
import {type Snapshot, listSnapshots} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'
import {listingFlags} from '../listing/output.js'
import type {Column} from '../listing/table.js'

const COLUMNS: readonly Column<Snapshot>[] = [
  {header: 'SNAPSHOT', value: (s) => s.artifact, flexible: true},
  {header: 'CREATED (UTC)', value: (s) => s.committedAt.slice(0, 19).replace('T', ' ')},
  {header: 'VIA', value: (s) => s.via},
  {header: 'BACKEND', value: (s) => s.backend},
  {header: 'TOOL', value: (s) => s.toolVersion ?? '-'},
  {header: 'ARCH', value: (s) => s.arch ?? '-'},
]

/** The JSON fields of a snapshot, which --format templates name. */
const FIELDS = ['artifact', 'committedAt', 'via', 'backend', 'toolVersion', 'arch'] as const satisfies readonly (keyof Snapshot)[]

export default class Snapshots extends BottleCommand {
  static override summary = 'List every snapshot of a bottle, newest first.'

  static override description =
    `Each commit of the bottle (and each import or push of one): its artifact, when it was made, how it came (commit, import, push), the backend, the tool's version and the host's architecture. bottle resume uses the newest (bottle resume <slug> --snapshot <ref> any other); bottle commit --keep N removes all but the newest N; bottle snapshots rm <slug> <ref> removes one.

On a terminal: headers, and the artifact shortened with … to fit its width (--no-trunc shows it whole). In a pipe: one tab-separated line per snapshot, no header. -q prints the artifacts alone; --format json one JSON object per line; --format table the terminal's table anywhere; --format '{{.Artifact}}' a template whose fields are the --json keys ({{.Artifact}}, {{.CommittedAt}}, {{.Via}}, {{.Backend}}, {{.ToolVersion}}, {{.Arch}}; {{json .}} the whole snapshot). --json: {"slug", "snapshots": [{"artifact", "backend", "committedAt", "via", "toolVersion"?, "arch"?}]}.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> demo',
    {description: 'The artifacts alone, newest first', command: '<%= config.bin %> <%= command.id %> demo -q'},
    '<%= config.bin %> <%= command.id %> demo --json',
  ]

  static override args = {
    slug: Args.string({description: "the bottle's slug", required: true}),
  }

  static override flags = listingFlags

  async run(): Promise<{slug: string; snapshots: Snapshot[]}> {
    const {args, flags} = await this.parse(Snapshots)
    const host = await this.host()
    const snapshots = await listSnapshots({...host, io: this.hostIO(false), slug: args.slug})
    if (!this.jsonEnabled()) {
      if (snapshots.length === 0 && !flags.quiet && !flags.format) this.note(`bottle ${args.slug} has no snapshots; make one with: bottle commit ${args.slug}`)
      this.outputListing(snapshots, {columns: COLUMNS, fields: FIELDS, flags})
    }

    return {slug: args.slug, snapshots}
  }
}
