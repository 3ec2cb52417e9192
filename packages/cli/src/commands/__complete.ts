import {readdir} from 'node:fs/promises'

import {BottleCommand} from '../bottle-command.js'
import {completeWords} from '../completion/complete-words.js'
import {loadHost} from '../host.js'

/** Called by the completion scripts on every Tab: prints one candidate per line. */
export default class Complete extends BottleCommand {
  static override hidden = true
  static override strict = false
  static override enableJsonFlag = false
  static override summary = 'Completion candidates for the shell scripts of `bottle completion`.'

  async run(): Promise<void> {
    // Raw words, not parsed: they are the user's half-typed command line, flags included.
    const [index, ...words] = this.argv[0] === '--' ? this.argv.slice(1) : this.argv
    // Read config and plugins only when the cursor is on a slug or a backend name.
    let host: ReturnType<typeof loadHost> | undefined
    const lazyHost = () => (host ??= loadHost(this.config))
    const candidates = await completeWords(this.config.commands, words, Number(index), {
      slugs: async () =>
        readdir((await lazyHost()).stateRoot, {withFileTypes: true}).then(
          (entries) => entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort(),
          () => [],
        ),
      backends: async () => (await lazyHost()).registry.names(),
    })
    if (candidates.length > 0) this.writeOut(`${candidates.join('\n')}\n`)
  }
}
