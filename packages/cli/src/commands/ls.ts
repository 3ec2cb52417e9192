import {type BottleListing, listBottles} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'

export default class Ls extends BottleCommand {
  static override summary = 'List the bottles in the state root with their live status.'

  static override description = `Every bottle with state: its backend, its status as the backend reports it now (running, stopped, missing: gone from the backend; unknown: the backend could not be asked, with the reason), its newest snapshot, how many it has, and whether it is preserved (teardown keeps it).`

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<{bottles: BottleListing[]}> {
    await this.parse(Ls)
    const host = await this.host()
    const bottles = await listBottles({...host, io: this.hostIO(false)})
    if (!this.jsonEnabled()) {
      if (bottles.length === 0) this.note(`no bottles in ${host.stateRoot}; start one with: bottle launch <slug> --image <ref>`)
      for (const b of bottles) {
        const marks = [b.preserved ? 'preserved' : '', b.snapshots > 1 ? `${b.snapshots} snapshots` : ''].filter(Boolean).join(', ')
        this.log(`${b.slug.padEnd(20)} ${b.backend.padEnd(16)} ${b.status.padEnd(8)} ${(b.artifact ?? '-').padEnd(40)} ${marks}`.trimEnd())
        if (b.problem) this.log(`${''.padEnd(20)} ${b.problem}`)
      }
    }

    return {bottles}
  }
}
