import * as Flags from '@oclif/core/flags'
import {type BottleListing, listBottles} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'
import {listingFlags} from '../listing/output.js'
import type {Column} from '../listing/table.js'

const COLUMNS: readonly Column<BottleListing>[] = [
  {header: 'SLUG', value: (b) => b.slug},
  {header: 'BACKEND', value: (b) => b.backend},
  {header: 'STATUS', value: (b) => b.status},
  {header: 'SNAPSHOTS', value: (b) => String(b.snapshots)},
  {header: 'NEWEST SNAPSHOT', value: (b) => b.artifact ?? '-', flexible: true},
  {header: 'NOTES', value: notes, flexible: true},
]

/** The JSON fields of a bottle, which --format templates name. */
const FIELDS = ['slug', 'backend', 'status', 'snapshots', 'artifact', 'preserved', 'state', 'problem'] as const satisfies readonly (keyof BottleListing)[]

export default class Ls extends BottleCommand {
  static override summary = 'List the bottles in the state root with their live status.'

  static override description =
    `Every bottle with state: its backend, its status as the backend reports it now (running, stopped, missing: gone from the backend; unknown: the backend could not be asked, with the reason), how many snapshots it has and the newest (which bottle resume uses), and notes: preserved (teardown keeps it), no state, the reason for unknown.

--all also lists the <prefix><slug> bottles a backend has that no state describes (made by hand or by an older tool, or whose state was removed): bottle commit and bottle rm act on them too.

On a terminal: headers, and columns shortened with … to fit its width (--no-trunc shows whole values). In a pipe: one tab-separated line per bottle, no header, whole values. -q prints the slugs alone; --format json one JSON object per line; --format table the terminal's table anywhere; --format '{{.Slug}} {{.Status}}' a line per bottle from a template whose fields are the --json keys ({{.Slug}}, {{.Backend}}, {{.Status}}, {{.Snapshots}}, {{.Artifact}}, {{.Preserved}}, {{.State}}, {{.Problem}}; {{json .}} the whole bottle). --json: {"bottles": [{"slug", "backend", "status", "snapshots", "artifact", "preserved", "state", "problem"?}]}.`

  static override aliases = ['ps']

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {description: 'Also the bottles the engine has without state', command: '<%= config.bin %> <%= command.id %> --all'},
    {description: 'The slugs of the running bottles', command: "<%= config.bin %> <%= command.id %> --format '{{.Slug}} {{.Status}}' | grep running"},
    {description: 'Slugs only', command: '<%= config.bin %> <%= command.id %> -q'},
    '<%= config.bin %> <%= command.id %> --json',
  ]

  static override flags = {
    all: Flags.boolean({char: 'a', description: 'also list <prefix><slug> bottles the backends have that no state describes'}),
    ...listingFlags,
  }

  async run(): Promise<{bottles: BottleListing[]}> {
    const {flags} = await this.parse(Ls)
    const host = await this.host()
    const bottles = await listBottles({...host, io: this.hostIO(false), all: flags.all})
    if (!this.jsonEnabled()) {
      if (bottles.length === 0 && !flags.quiet && !flags.format) {
        this.note(`no bottles in ${host.stateRoot}; start one with: bottle launch <slug> --image <ref>`)
      }

      this.outputListing(bottles, {columns: COLUMNS, fields: FIELDS, flags})
    }

    return {bottles}
  }
}

function notes(bottle: BottleListing): string {
  return [bottle.preserved ? 'preserved' : '', bottle.state ? '' : 'no state', bottle.problem ?? ''].filter(Boolean).join('; ')
}
