import * as Args from '@oclif/core/args'
import {type TrustResult, setConfigTrust} from '@bottle/core'

import {BottleCommand} from '../../bottle-command.js'

export default class ConfigTrust extends BottleCommand {
  static override summary = 'Trust a project config file, as it is now, to set keys that choose what runs.'

  static override description =
    `A project config (.bottlerc and kin) arrives with a cloned repository, so it may not set keys that choose what runs, what is trusted, where state lives or which containers are bottles (backends.<name>.binary and other program options, trustedPlugins, backendPlugins, stateDir, prefix) until you trust it. Trust is recorded by path and content hash in your config folder: any edit to the file makes it untrusted again. Without FILE, the project config that applies here.`

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> ./.bottlerc.json']

  static override args = {
    file: Args.string({description: 'the project config file (default: the one found from here up to the project root)'}),
  }

  async run(): Promise<TrustResult> {
    const {args} = await this.parse(ConfigTrust)
    const result = await setConfigTrust(process.cwd(), process.env, args.file, true)
    if (!this.jsonEnabled()) this.note(`trusted ${result.file} (sha256 ${result.sha256.slice(0, 12)}); an edit to it makes it untrusted again`)
    return result
  }
}
