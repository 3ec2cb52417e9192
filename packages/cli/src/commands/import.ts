import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {BottleError, ErrorCode, type ImportResult, importBottle, parseSize} from '@bottle/core'
import {resolve} from 'node:path'

import {BottleCommand} from '../bottle-command.js'

export default class Import extends BottleCommand {
  static override summary = 'Restore a bottle from a file written by bottle export.'

  static override description =
    `Loads the snapshot into this machine's backend (docker load, container image load, or the smolvm pack files into the bottle's state folder) and restores the bottle's state, marked preserved. A bottle of the same slug that already has state here is refused: --as <slug> restores it under another slug. An export touches only its own bottle: a Docker image archive that would tag any other image, or whose snapshot name already names another image, is refused before anything is loaded. Then: bottle resume <slug>. stdout carries only the slug.

The import holds the bottle's lock (a concurrent import of the slug fails with exit 9). Interrupted (130/143), or failing to record, it leaves no state, no extracted copy and no loaded image behind.

FILE - reads the export from stdin (bottle export <slug> -o - | ssh host bottle import -). A file that does not exist or is not an export is refused with exit 2, and nothing is restored.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> demo.bottle.tgz',
    {description: 'Beside the bottle it came from, under another slug', command: '<%= config.bin %> <%= command.id %> demo.bottle.tgz --as demo-copy'},
    {description: 'From stdin', command: '<%= config.bin %> <%= command.id %> - --as demo-piped < demo.bottle.tgz'},
  ]

  static override args = {
    file: Args.string({description: 'the file bottle export wrote; - for stdin', required: true}),
  }

  static override flags = {
    as: Flags.string({description: 'restore the bottle under this slug instead of the one it was exported with'}),
    'max-size': Flags.string({description: 'the most the file may unpack to: bytes, or with K, M, G, T (beyond it the import stops, nothing kept)', default: '32G'}),
  }

  async run(): Promise<ImportResult> {
    const {args, flags} = await this.parse(Import)
    const fromStdin = args.file === '-'
    if (fromStdin && process.stdin.isTTY) {
      throw new BottleError(
        ErrorCode.BadInput,
        'import - reads the export from stdin, which is a terminal: pipe it in (bottle export <slug> -o - | bottle import -) or give the file',
      )
    }

    const maxBytes = parseSize(flags['max-size'])
    const host = await this.host()
    const result = await importBottle({
      ...host,
      io: this.hostIO(false),
      file: fromStdin ? '-' : resolve(args.file),
      ...(fromStdin ? {stream: process.stdin} : {}),
      as: flags.as,
      maxBytes,
    })
    if (!this.jsonEnabled()) {
      this.output(result.slug)
      this.note(`imported ${result.slug} (${result.artifact}); resume it with: ${result.resume}`)
    }

    return result
  }
}
