import * as Args from '@oclif/core/args'
import {BottleError, ErrorCode} from '@bottle/core'
import {basename} from 'node:path'

import {BottleCommand} from '../bottle-command.js'
import {completionScripts} from '../completion/scripts.js'

export default class Completion extends BottleCommand {
  static override summary = 'Print the shell completion script for bash, zsh or fish.'

  static override description =
    `Completes commands, flags, bottle slugs (from the state root) and backend names (from the installed plugins). Load it in your shell's start-up file:
  bash (~/.bashrc):                   source <(bottle completion bash)
  zsh  (~/.zshrc):                    source <(bottle completion zsh)
  fish (~/.config/fish/config.fish):  bottle completion fish | source
The script asks the hidden bottle __complete command on each Tab, so it always matches the installed commands, plugins and bottles.`

  static override examples = [
    {description: 'In ~/.bashrc', command: 'source <(<%= config.bin %> <%= command.id %> bash)'},
    {description: 'In ~/.zshrc', command: 'source <(<%= config.bin %> <%= command.id %> zsh)'},
    {description: 'In ~/.config/fish/config.fish', command: '<%= config.bin %> <%= command.id %> fish | source'},
  ]

  static override args = {
    shell: Args.string({description: 'bash, zsh or fish (default: the shell in $SHELL)', options: Object.keys(completionScripts)}),
  }

  async run(): Promise<{shell: string; script: string}> {
    const {args} = await this.parse(Completion)
    const shell = args.shell ?? basename(process.env.SHELL ?? 'bash')
    const script = completionScripts[shell]
    if (!script) throw new BottleError(ErrorCode.BadInput, `no completion for ${shell} (from $SHELL); name one: bash, zsh or fish`)
    const text = script(this.config.bin)
    if (!this.jsonEnabled()) this.writeOut(text)
    return {shell, script: text}
  }
}
