/** What completion needs to know of a command (a subset of oclif's cached command). */
export interface CompletableCommand {
  readonly id: string
  readonly hidden?: boolean
  readonly flags: Readonly<Record<string, {readonly name: string; readonly char?: string; readonly type: string; readonly hidden?: boolean; readonly allowNo?: boolean}>>
  readonly args: Readonly<Record<string, {readonly name: string}>>
}

/** Where dynamic values come from: read only when the cursor asks for them. */
export interface CompletionSources {
  slugs(): Promise<string[]>
  backends(): Promise<string[]>
}

/** Flags whose value is a backend name, and arguments that are slugs. */
const BACKEND_FLAGS = new Set(['backend'])
const SLUG_ARGS = new Set(['slug'])

/**
 * The candidates for the word under the cursor: `words` are the shell's words
 * (`bottle` first), `current` the index of the one being completed. Command
 * ids use spaces between topic and command, as the CLI does.
 */
export async function completeWords(commands: readonly CompletableCommand[], words: readonly string[], current: number, sources: CompletionSources): Promise<string[]> {
  const visible = commands.filter((command) => !command.hidden)
  const typed = words.slice(1, current)
  const command = longestCommand(visible, typed)
  // The next word of every command id that the typed words start (`plugins` -> install, link, ...).
  const subcommands = unique(
    visible
      .map((c) => c.id.split(':'))
      .filter((parts) => parts.length > typed.length && typed.every((word, i) => parts[i] === word))
      .map((parts) => parts[typed.length]!),
  )
  if (!command) return subcommands

  const rest = typed.slice(command.id.split(':').length)
  const previous = rest.at(-1)
  const valueFlag = previous?.startsWith('-') ? findFlag(command, previous) : undefined
  if (valueFlag && valueFlag.type === 'option') return BACKEND_FLAGS.has(valueFlag.name) ? sources.backends() : []

  const word = words[current] ?? ''
  if (word.startsWith('-')) {
    return Object.values(command.flags)
      .filter((flag) => !flag.hidden)
      .flatMap((flag) => [`--${flag.name}`, ...(flag.allowNo ? [`--no-${flag.name}`] : []), ...(flag.char ? [`-${flag.char}`] : [])])
      .sort()
  }

  const position = positionals(command, rest)
  const arg = Object.values(command.args)[position]
  if (arg && SLUG_ARGS.has(arg.name)) return sources.slugs()
  return position === 0 ? subcommands : []
}

function longestCommand(commands: readonly CompletableCommand[], typed: readonly string[]): CompletableCommand | undefined {
  for (let length = typed.length; length > 0; length--) {
    const id = typed.slice(0, length).join(':')
    const found = commands.find((command) => command.id === id)
    if (found) return found
  }

  return undefined
}

function findFlag(command: CompletableCommand, word: string): CompletableCommand['flags'][string] | undefined {
  const name = word.replace(/^--?/, '')
  return Object.values(command.flags).find((flag) => flag.name === name || flag.char === name)
}

/** How many positional words come before the cursor, skipping flags and the values of option flags. */
function positionals(command: CompletableCommand, rest: readonly string[]): number {
  let count = 0
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!
    if (!word.startsWith('-')) count++
    else if (!word.includes('=') && findFlag(command, word)?.type === 'option') i++
  }

  return count
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort()
}
