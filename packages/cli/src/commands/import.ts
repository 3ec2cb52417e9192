import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {type ImportResult, importBottle, parseSize} from '@bottle/core'
import {resolve} from 'node:path'

import {BottleCommand} from '../bottle-command.js'

export default class Import extends BottleCommand {
  static override summary = 'Restore a bottle from a file written by bottle export.'

  static override description = `Loads the snapshot into this machine's backend (docker load, container image load, or the smolvm pack files into the bottle's state folder) and restores the bottle's state, marked preserved. A bottle of the same slug that already has state here is refused. An export touches only its own bottle: a Docker image archive that would tag any other image, or whose snapshot name already names another image, is refused before anything is loaded. Then: bottle resume <slug>.

The import holds the bottle's lock (a concurrent import of the slug fails with exit 9). Interrupted (130/143), or failing to record, it leaves no state, no extracted copy and no loaded image behind.`

  static override examples = ['<%= config.bin %> <%= command.id %> demo.bottle.tgz']

  static override args = {
    file: Args.string({description: 'the file bottle export wrote', required: true}),
  }

  static override flags = {
    'max-size': Flags.string({description: 'the most the file may unpack to: bytes, or with K, M, G, T (beyond it the import stops, nothing kept)', default: '32G'}),
  }

  async run(): Promise<ImportResult> {
    const {args, flags} = await this.parse(Import)
    const maxBytes = parseSize(flags['max-size'])
    const host = await this.host()
    const result = await importBottle({...host, io: this.hostIO(false), file: resolve(args.file), maxBytes})
    if (!this.jsonEnabled()) {
      this.output(result.slug)
      this.note(`imported ${result.slug} (${result.artifact}); resume it with: ${result.resume}`)
    }

    return result
  }
}
