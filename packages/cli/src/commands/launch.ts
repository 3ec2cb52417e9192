import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {BottleError, ErrorCode, type LaunchResult, launchBottle} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'

export default class Launch extends BottleCommand {
  static override summary = 'Create and start a bottle from an image.'

  static override description =
    `Creates and starts <prefix><slug> with the backend's tool (docker run, container run, smolvm machine create + start) and records the bottle's state: backend, agent, start time, image, command, the names (never the values) of the -e variables, this host's architecture, the tool's and bottle's versions.

A slug that already has state, or a name the backend already has, is refused. The command to run goes after --; without it the image's own runs. Interrupted (130/143), or unable to write its state, it removes the container it started, so a retry is not refused.

Run options (--volume, --publish, --network, --user, --workdir, --ulimit, --cpus, --memory, --label) take docker's syntax and are recorded, so resume runs the snapshot the same way. A backend takes those it declares (bottle backends lists them) and refuses the others.`

  static override examples = [
    {description: "A Docker bottle running the image's command", command: '<%= config.bin %> <%= command.id %> demo --backend docker --image node:22'},
    {
      description: 'With an agent name, an environment variable and a command',
      command: '<%= config.bin %> <%= command.id %> demo --image node:22 --agent claude -e NODE_ENV=development -- sleep infinity',
    },
    {
      description: 'With the project mounted, a port published and limits',
      command: '<%= config.bin %> <%= command.id %> demo --image node:22 -v .:/work -w /work -p 3000:3000 --memory 4g --ulimit nofile=4096:4096',
    },
  ]

  // The command line after -- is taken off before parsing (see run), so the parse stays strict and the help shows one SLUG.
  static override usage = '<%= command.id %> SLUG --image <value> [--backend <value>] [--agent <value>] [-e NAME=VALUE...] [RUN FLAGS...] [-- COMMAND...]'

  static override args = {
    slug: Args.string({description: 'the bottle\'s slug (a-z, 0-9, "-", "_"; at most 64 characters)', required: true}),
  }

  static override flags = {
    backend: Flags.string({description: 'the backend to launch with (see bottle backends)', default: 'docker'}),
    image: Flags.string({description: 'the image (or, for smolmachines, a .smolmachine pack) to start from', required: true}),
    agent: Flags.string({description: 'the name of the agent that works in the bottle, for the record'}),
    env: Flags.string({char: 'e', description: 'NAME=VALUE to set in the bottle (repeatable); only the name is recorded', multiple: true, multipleNonGreedy: true}),
    volume: Flags.string({
      char: 'v',
      description: 'SOURCE:TARGET[:ro] to mount (repeatable); SOURCE a host path (relative ones start here) or a volume name',
      multiple: true,
      multipleNonGreedy: true,
      helpGroup: 'RUN',
    }),
    publish: Flags.string({char: 'p', description: '[IP:][HOST_PORT:]CONTAINER_PORT[/udp] to publish (repeatable)', multiple: true, multipleNonGreedy: true, helpGroup: 'RUN'}),
    network: Flags.string({description: 'the network to join (a name, host, none)', helpGroup: 'RUN'}),
    user: Flags.string({char: 'u', description: 'USER[:GROUP] to run as', helpGroup: 'RUN'}),
    workdir: Flags.string({char: 'w', description: 'the working directory in the bottle (absolute)', helpGroup: 'RUN'}),
    ulimit: Flags.string({description: 'NAME=SOFT[:HARD] resource limit (repeatable), e.g. nofile=1024:1024', multiple: true, multipleNonGreedy: true, helpGroup: 'RUN'}),
    cpus: Flags.string({description: 'CPUs the bottle may use, e.g. 1.5', helpGroup: 'RUN'}),
    memory: Flags.string({char: 'm', description: 'memory limit, e.g. 2g', helpGroup: 'RUN'}),
    label: Flags.string({char: 'l', description: 'KEY=VALUE label on the bottle (repeatable)', multiple: true, multipleNonGreedy: true, helpGroup: 'RUN'}),
  }

  async run(): Promise<LaunchResult> {
    const dash = this.argv.indexOf('--')
    const command = dash === -1 ? [] : this.argv.slice(dash + 1)
    const {args, flags} = await this.parse(Launch, dash === -1 ? this.argv : this.argv.slice(0, dash)).catch((error: Error & {args?: string[]}) => {
      if (!/^Unexpected argument/.test(error.message) || !error.args) throw error
      throw new BottleError(ErrorCode.BadInput, `unexpected argument ${JSON.stringify(error.args[0])}: put the command to run after --`)
    })
    const host = await this.host()
    const result = await launchBottle({
      ...host,
      io: this.hostIO(false),
      slug: args.slug,
      backend: flags.backend,
      image: flags.image,
      agentName: flags.agent,
      env: flags.env ?? [],
      command,
      run: {
        volumes: flags.volume,
        publish: flags.publish,
        network: flags.network,
        user: flags.user,
        workdir: flags.workdir,
        ulimits: flags.ulimit,
        cpus: flags.cpus,
        memory: flags.memory,
        labels: flags.label,
      },
      cwd: process.cwd(),
      bottleVersion: this.config.version,
    })
    if (!this.jsonEnabled()) {
      this.output(result.bottleName)
      this.note(`launched ${result.bottleName} (${result.backend}, ${result.arch}); freeze it with: ${result.commit}`)
    }

    return result
  }
}
