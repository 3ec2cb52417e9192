import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {type ExportResult, type PushResult, exportBottle, pushBottle} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'

export default class Export extends BottleCommand {
  static override summary = 'Write a bottle\'s newest snapshot and its state to one file, or push it to a registry.'

  static override description = `Writes one gzipped tar holding the newest snapshot (docker save, container image save, or the smolvm pack files) and the bottle's metadata. Copy it to the other machine and run bottle import FILE there, then bottle resume <slug>. stdout carries only the file's path.

--push REF (docker) tags and pushes the snapshot to a registry instead and records REF as the newest snapshot: bottle resume pulls it when the local image is gone, and bottle resume <slug> --from REF --backend docker brings it back on any machine.

-o is checked before any work: a folder, a missing folder or a path that cannot be written fails at once (exit 2). An interrupted export (130/143) leaves no partial file and no temporary copy; a failed or interrupted push removes the local tag it made and records nothing.`

  static override examples = [
    {description: 'To a file, then on the other machine', command: '<%= config.bin %> <%= command.id %> demo -o demo.bottle.tgz'},
    {description: 'To a registry', command: '<%= config.bin %> <%= command.id %> demo --push registry.example:5000/bottles/demo'},
  ]

  static override args = {
    slug: Args.string({description: 'the bottle\'s slug', required: true}),
  }

  static override flags = {
    output: Flags.string({char: 'o', description: 'the file to write (default: <slug>.bottle.tgz here)', exclusive: ['push']}),
    push: Flags.string({description: 'push the snapshot to this registry reference instead (docker); without a tag, the snapshot\'s tag'}),
  }

  async run(): Promise<ExportResult | PushResult> {
    const {args, flags} = await this.parse(Export)
    const host = await this.host()
    const request = {...host, io: this.hostIO(false), slug: args.slug}
    if (flags.push) {
      const pushed = await pushBottle({...request, reference: flags.push})
      if (!this.jsonEnabled()) {
        this.output(pushed.pushed)
        this.note(`pushed; here: ${pushed.resume}`)
        this.note(`on another machine: ${pushed.elsewhere}`)
      }

      return pushed
    }

    const result = await exportBottle({...request, output: flags.output, cwd: process.cwd()})
    if (!this.jsonEnabled()) {
      this.output(result.file)
      this.note('copy it to the other machine, then there:')
      for (const line of result.import) this.note(`  ${line}`)
    }

    return result
  }
}
