import * as Args from '@oclif/core/args'
import {basename} from 'node:path'

import {BottleCommand} from '../bottle-command.js'
import {completionScripts} from '../completion/scripts.js'

export default class Completion extends BottleCommand {
  static override summary = 'Print the shell completion script for bash or zsh.'

  static override description = `Completes commands, flags, bottle slugs (from the state root) and backend names (from the installed plugins). Load it in your shell's start-up file:
  bash (~/.bashrc):  source <(bottle completion bash)
  zsh  (~/.zshrc):   source <(bottle completion zsh)`

  static override examples = ['<%= config.bin %> <%= command.id %> bash >> ~/.bashrc', 'source <(<%= config.bin %> <%= command.id %> zsh)']

  static override args = {
    shell: Args.string({description: 'bash or zsh (default: the shell in $SHELL)', options: Object.keys(completionScripts)}),
  }

  async run(): Promise<{shell: string; script: string}> {
    const {args} = await this.parse(Completion)
    const shell = args.shell ?? basename(process.env.SHELL ?? 'bash')
    const script = completionScripts[shell]
    if (!script) this.error(`no completion for ${shell}; use bash or zsh`, {exit: 2})
    const text = script(this.config.bin)
    if (!this.jsonEnabled()) this.writeOut(text)
    return {shell, script: text}
  }
}
