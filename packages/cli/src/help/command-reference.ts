import type {Command} from '@oclif/core/command'
import type {Config} from '@oclif/core/config'
import {CommandHelp} from '@oclif/core/help'
import {stripVTControlCharacters} from 'node:util'

/** One command as `bottle help --json` gives it, and as docs/commands.md is generated from. */
export interface CommandReference {
  /** As typed: `plugins install`. */
  readonly id: string
  readonly plugin: string
  readonly aliases: readonly string[]
  readonly summary: string
  readonly description: string
  /** Each usage line as `bottle help` shows it, without the `$ `. */
  readonly usage: readonly string[]
  readonly args: readonly {name: string; description: string; required: boolean; options?: readonly string[]}[]
  readonly flags: readonly {
    name: string
    char?: string
    description: string
    type: 'boolean' | 'option'
    required: boolean
    multiple: boolean
    allowNo: boolean
    default?: unknown
    options?: readonly string[]
    group?: string
  }[]
  /** Rendered as `bottle help` renders them (`<%= config.bin %>` filled in). */
  readonly examples: readonly {description?: string; command: string}[]
}

/** CommandHelp's own rendering, reached for the parts of the reference: one source for the text help and the JSON. */
class ReferenceHelp extends CommandHelp {
  usageLines(): string[] {
    return stripVTControlCharacters(this.usage())
      .split('\n')
      .map((line) => line.replace(/^\$ /, ''))
  }
}

/** The visible commands, each once (oclif lists an alias as a copy of its command). */
export function visibleCommands(config: Config): Command.Loadable[] {
  return config.commands.filter((command) => !command.hidden && !(command.aliases ?? []).includes(command.id)).sort((a, b) => a.id.localeCompare(b.id))
}

export function commandReference(command: Command.Loadable, config: Config): CommandReference {
  // As oclif's help renders it: <%= command.id %> with the configured separator (`plugins install`).
  const help = new ReferenceHelp({...command, id: command.id.replaceAll(':', config.topicSeparator)}, config, {maxWidth: 100_000, stripAnsi: true})
  const render = (text: string) => stripVTControlCharacters(help.render(text))
  return {
    id: command.id.replaceAll(':', ' '),
    plugin: command.pluginName ?? '',
    aliases: command.aliases ?? [],
    summary: render(command.summary ?? ''),
    description: render(command.description ?? ''),
    usage: help.usageLines(),
    args: Object.values(command.args).map((arg) => ({
      name: arg.name,
      description: render(arg.description ?? ''),
      required: Boolean(arg.required),
      ...(arg.options ? {options: arg.options} : {}),
    })),
    flags: Object.values(command.flags)
      .filter((flag) => !flag.hidden)
      .map((flag) => ({
        name: flag.name,
        ...(flag.char ? {char: flag.char} : {}),
        description: render(flag.summary ?? flag.description ?? ''),
        type: flag.type,
        required: Boolean(flag.required),
        multiple: flag.type === 'option' && Boolean(flag.multiple),
        allowNo: flag.type === 'boolean' && Boolean(flag.allowNo),
        ...(flag.default !== undefined && flag.default !== false ? {default: flag.default} : {}),
        ...(flag.type === 'option' && flag.options ? {options: flag.options} : {}),
        ...(flag.helpGroup ? {group: flag.helpGroup} : {}),
      })),
    examples: examples(command.examples, render, config.bin),
  }
}

function examples(list: Command.Loadable['examples'], render: (text: string) => string, bin: string): CommandReference['examples'] {
  const isCommand = (line: string) => line.replace(/^\$ /, '').startsWith(`${bin} `)
  return [list ?? []].flat().flatMap((example) => {
    if (typeof example !== 'string') return [{description: render(example.description), command: render(example.command)}]
    // oclif's string form: commands, or a description line followed by its commands (as its help reads it).
    const [first, ...rest] = render(example).split('\n').filter(Boolean)
    if (rest.length > 0 && !isCommand(first!) && rest.every(isCommand)) return rest.map((command) => ({description: first, command}))
    return [first!, ...rest].map((command) => ({command}))
  })
}
