/** What oclif's parser puts on a usage error that a message can name. */
export interface ParseFailure {
  readonly message: string
  /** RequiredArgsError: the arguments that are missing. */
  readonly args?: readonly {name?: string; description?: string}[]
}

/** oclif's framing lines: the first says nothing, the last points at --help without naming the command. */
const NOISE = [/^The following errors? occurred:?$/, /^See more help with --help$/]
/** oclif's words for two flags that exclude each other: `--live=true cannot also be provided when using --stop`. */
const EXCLUSIVE = /^--([\w-]+)=\S* cannot also be provided when using --([\w-]+)$/

/**
 * One line for a usage error that names what is missing or wrong, with its
 * description, and the help to read: `Missing required flag --image (the
 * image ... to start from); see bottle launch --help`.
 */
export function usageMessage(error: ParseFailure, help: string, flagDescription: (name: string) => string | undefined): string {
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !NOISE.some((noise) => noise.test(line)))
    .map((line) => line.replace(EXCLUSIVE, (_, flag: string, other: string) => `--${[flag, other].sort().join(' cannot be used with --')}`))
    // oclif reports an exclusive pair once from each side.
    .filter((line, index, all) => all.indexOf(line) === index)
  const missingArgs = lines[0]?.match(/^Missing \d+ required args?/)
  const text = missingArgs
    ? `${missingArgs[0]}: ${(error.args ?? []).map((arg) => `${arg.name?.toUpperCase()}${arg.description ? ` (${arg.description})` : ''}`).join(', ')}`
    : lines
        .map((line) =>
          line.replace(/^Missing required flag (\S+)$/, (_, name: string) => {
            const description = flagDescription(name)
            return `Missing required flag --${name}${description ? ` (${description})` : ''}`
          }),
        )
        .reduce((joined, line) => (joined === '' ? line : `${joined}${/[:;]$/.test(joined) ? ' ' : ': '}${line}`), '')
  return `${text}; see ${help}`
}
