import {readdir} from 'node:fs/promises'
import {isSlug} from '@bottle/core'

import {BottleCommand} from '../bottle-command.js'
import {completeWords} from '../completion/complete-words.js'
import {type Shell, quoteForShell} from '../completion/shell-quote.js'
import {loadHost} from '../host.js'

const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish']

/**
 * Called by the completion scripts on every Tab: prints the candidates that
 * start with the word under the cursor, one a line, quoted for the shell.
 * Folder names in the state root are anyone's to make: only those that pass
 * the slug rule are offered.
 */
export default class Complete extends BottleCommand {
  static override hidden = true
  static override strict = false
  static override enableJsonFlag = false
  static override summary = 'Completion candidates for the shell scripts of `bottle completion`.'

  async run(): Promise<void> {
    // Raw words, not parsed: they are the user's half-typed command line, flags included.
    const [shellFlag, shellName] = this.argv
    const shell = shellFlag === '--shell' && SHELLS.includes(shellName as Shell) ? (shellName as Shell) : 'bash'
    const rest = shellFlag === '--shell' ? this.argv.slice(2) : this.argv
    const [index, ...words] = rest[0] === '--' ? rest.slice(1) : rest
    // Read config and plugins only when the cursor is on a slug or a backend name.
    let host: ReturnType<typeof loadHost> | undefined
    const lazyHost = () => (host ??= loadHost(this.config))
    const candidates = await completeWords(this.config.commands, words, Number(index), {
      slugs: async () =>
        readdir((await lazyHost()).stateRoot, {withFileTypes: true}).then(
          (entries) =>
            entries
              .filter((e) => e.isDirectory() && isSlug(e.name))
              .map((e) => e.name)
              .sort(),
          () => [],
        ),
      backends: async () => (await lazyHost()).registry.names().filter((name) => isSlug(name)),
    })
    const typed = words[Number(index)] ?? ''
    const offered = candidates.filter((candidate) => candidate.startsWith(typed)).map((candidate) => quoteForShell(candidate, shell))
    if (offered.length > 0) this.writeOut(`${offered.join('\n')}\n`)
  }
}
