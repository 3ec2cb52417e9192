import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {type ResumeResult, resumeBottle} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'

export default class Resume extends BottleCommand {
  static override summary = 'Bring a bottle back from its newest snapshot, or any other.'

  static override description =
    `When the bottle is gone, starts a new <prefix><slug> from its newest snapshot (docker run / container run of the image; smolvm machine create --from + start). When the bottle is there and holds that snapshot (it was committed or resumed from it), or there is no snapshot, starts it if it is stopped and leaves it alone if it runs. Any other bottle of that name is replaced only with --replace, which always starts over from the snapshot.

--snapshot <ref> resumes another snapshot of the history instead of the newest (its artifact as bottle snapshots shows it, or the artifact's tag); a bottle there that was not started from it is replaced only with --replace. The snapshot's recorded architecture must be this host's, unless --any-arch. --from resumes a pushed image on a host that has no state for the bottle. The names (never the values) of the -e variables are recorded, as by launch.

--replace first makes sure the snapshot can be had and started (docker: pulled, and a container created from it and removed); only then is the old bottle removed, so a reference that cannot be pulled leaves it as it was (exit 5).`

  static override examples = [
    {description: 'After bottle rm demo', command: '<%= config.bin %> <%= command.id %> demo'},
    {description: 'Swap the running bottle for the snapshot', command: '<%= config.bin %> <%= command.id %> demo --replace'},
    {description: 'Go back to the oldest snapshot', command: '<%= config.bin %> <%= command.id %> demo --replace --snapshot "$(<%= config.bin %> snapshots demo -q | tail -n 1)"'},
    {
      description: 'On another machine, from a pushed image (bottle export demo --push prints its reference)',
      command: '<%= config.bin %> <%= command.id %> demo --from localhost:5000/bottles/demo:latest --backend docker',
    },
  ]

  static override args = {
    slug: Args.string({description: "the bottle's slug", required: true}),
  }

  static override flags = {
    replace: Flags.boolean({description: 'remove an existing bottle of that name and start the snapshot in its place'}),
    snapshot: Flags.string({description: 'resume this snapshot of the history (its artifact or tag, see bottle snapshots) instead of the newest', exclusive: ['from']}),
    from: Flags.string({description: 'resume from this artifact (a pushed image reference) instead of the newest snapshot'}),
    backend: Flags.string({description: 'the backend of --from when this host has no state for the bottle', dependsOn: ['from']}),
    env: Flags.string({
      char: 'e',
      description: 'NAME=VALUE to set in the resumed bottle (secrets are not in snapshots); only the name is recorded',
      multiple: true,
      multipleNonGreedy: true,
    }),
    'any-arch': Flags.boolean({description: 'resume a snapshot taken on another architecture anyway'}),
  }

  async run(): Promise<ResumeResult> {
    const {args, flags} = await this.parse(Resume)
    const host = await this.host()
    const result = await resumeBottle({
      ...host,
      io: this.hostIO(false),
      slug: args.slug,
      replace: flags.replace,
      from: flags.from,
      snapshot: flags.snapshot,
      backend: flags.backend,
      env: flags.env ?? [],
      anyArch: flags['any-arch'],
    })
    if (!this.jsonEnabled()) {
      this.output(result.bottleName)
      const what = {
        launched: `resumed ${result.bottleName} from ${result.artifact}`,
        started: `started ${result.bottleName}`,
        none: `${result.bottleName} is already running${result.artifact ? ` from ${result.artifact}` : ''}`,
      }[result.action]
      this.note(what)
    }

    return result
  }
}
