import type {BottleConfig} from '@bottle/core'

import {BottleCommand} from '../../bottle-command.js'

export default class ConfigShow extends BottleCommand {
  static override summary = 'Show the config in effect here and the files it came from.'

  static override description = `The user config merged with the project config found from here up to the project root (never above $HOME), as the commands see it.`

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<BottleConfig> {
    await this.parse(ConfigShow)
    const {config} = await this.host()
    if (!this.jsonEnabled()) for (const line of JSON.stringify(config, null, 2).split('\n')) this.log(line)
    return config
  }
}
