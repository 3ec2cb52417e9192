import * as Args from '@oclif/core/args'
import {type TrustResult, setConfigTrust} from '@bottle/core'

import {BottleCommand} from '../../bottle-command.js'

export default class ConfigUntrust extends BottleCommand {
  static override summary = 'Stop trusting a project config file.'

  static override description = `Its keys that choose what runs are refused again (see bottle config trust). Without FILE, the project config that applies here.`

  static override examples = ['<%= config.bin %> <%= command.id %>']

  static override args = {
    file: Args.string({description: 'the project config file (default: the one found from here up to the project root)'}),
  }

  async run(): Promise<TrustResult> {
    const {args} = await this.parse(ConfigUntrust)
    const result = await setConfigTrust(process.cwd(), process.env, args.file, false)
    if (!this.jsonEnabled()) this.note(`${result.file} is not trusted`)
    return result
  }
}
