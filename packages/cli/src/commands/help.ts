import * as Args from '@oclif/core/args'
import {loadHelpClass} from '@oclif/core/help'
import {BottleError, ErrorCode} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'
import {type CommandReference, commandReference, visibleCommands} from '../help/command-reference.js'

export default class Help extends BottleCommand {
  static override summary = 'Show help for bottle or one of its commands.'

  static override description =
    `Without a command: the commands, grouped by what they are for. With one (its words as typed, such as plugins install): its usage, flags, description and examples, the same as bottle <command> --help or -h.

--json gives the same as data: {"commands": [...]} for every command, or one command's {"id", "plugin", "aliases", "summary", "description", "usage", "args", "flags", "examples"}.`

  static override strict = false

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> commit', '<%= config.bin %> <%= command.id %> snapshots rm --json']

  static override args = {
    command: Args.string({description: "the command to explain (several words for a topic's command)", required: false}),
  }

  async run(): Promise<{commands: CommandReference[]} | CommandReference> {
    const {argv} = await this.parse(Help)
    const words = argv as string[]
    const id = words.join(':')
    const command = words.length > 0 ? this.config.findCommand(id) : undefined
    if (words.length > 0 && !command && !(this.config.findTopic(id) && !this.jsonEnabled())) {
      throw new BottleError(ErrorCode.BadInput, `${words.join(' ')} is not a ${this.config.bin} command; see ${this.config.bin} help`)
    }

    if (!this.jsonEnabled()) {
      const HelpClass = await loadHelpClass(this.config)
      await this.withStdout(() => new HelpClass(this.config, this.config.pjson.oclif.helpOptions).showHelp(words))
      return {commands: []}
    }

    return command ? commandReference(command, this.config) : {commands: visibleCommands(this.config).map((c) => commandReference(c, this.config))}
  }
}
