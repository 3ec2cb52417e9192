import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {BottleError, ErrorCode, type ExportResult, type PushResult, exportBottle, pushBottle} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'

export default class Export extends BottleCommand {
  static override summary = "Write a bottle's newest snapshot and its state to one file, or push it to a registry."

  static override description =
    `Writes one gzipped tar holding the newest snapshot (docker save, container image save, or the smolvm pack files) and the bottle's metadata. Copy it to the other machine and run bottle import FILE there, then bottle resume <slug>. stdout carries only the file's path.

-o - writes the export itself to stdout (every message goes to stderr), so that it can be piped: bottle export demo -o - | ssh host bottle import -. It is written only once it is whole: a failed export writes nothing. A terminal is refused as stdout, and so is --json, which would share it.

--push REF (docker) tags and pushes the snapshot to a registry instead and records REF as the newest snapshot: bottle resume pulls it when the local image is gone, and bottle resume <slug> --from REF --backend docker brings it back on any machine.

-o is checked before any work: a folder, a missing folder or a path that cannot be written fails at once (exit 2). An interrupted export (130/143) leaves no partial file and no temporary copy; a failed or interrupted push removes the local tag it made and records nothing.`

  static override examples = [
    {description: 'To a file, to copy to the other machine', command: '<%= config.bin %> <%= command.id %> demo -o demo.bottle.tgz'},
    {description: 'Straight into bottle on another machine', command: '<%= config.bin %> <%= command.id %> demo -o - | ssh other-host bottle import -'},
    {description: 'To a registry (here one on this machine)', command: '<%= config.bin %> <%= command.id %> demo --push localhost:5000/bottles/demo:latest'},
  ]

  static override args = {
    slug: Args.string({description: "the bottle's slug", required: true}),
  }

  static override flags = {
    output: Flags.string({char: 'o', description: 'the file to write (default: <slug>.bottle.tgz here); - for stdout', exclusive: ['push']}),
    push: Flags.string({description: "push the snapshot to this registry reference instead (docker); without a tag, the snapshot's tag"}),
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

    const toStdout = flags.output === '-'
    if (toStdout && this.jsonEnabled()) throw new BottleError(ErrorCode.BadInput, '-o - writes the export to stdout, where --json would go too: use one of them')
    if (toStdout && process.stdout.isTTY) {
      throw new BottleError(ErrorCode.BadInput, '-o - would write the export to this terminal: redirect it (-o - > FILE) or pipe it (-o - | ssh HOST bottle import -)')
    }

    const result = await exportBottle({...request, ...(toStdout ? {stream: this.resultStream()} : {output: flags.output}), cwd: process.cwd()})
    if (!this.jsonEnabled()) {
      if (!toStdout) this.output(result.file)
      this.note(toStdout ? 'wrote the export to stdout; where it is read:' : 'copy it to the other machine, then there:')
      for (const line of result.import) this.note(`  ${line}`)
    }

    return result
  }
}
