/** The shells `bottle completion` writes scripts for. */
export type Shell = 'bash' | 'zsh' | 'fish'

/** Words every shell takes as they are: nothing in them is expanded or splits a word. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/

/**
 * One completion candidate, quoted for `shell` so that inserting it on the
 * command line can never expand or run anything: single quotes, inside
 * which bash and zsh expand nothing, and fish only `\\` and `\'`.
 */
export function quoteForShell(word: string, shell: Shell): string {
  if (PLAIN.test(word)) return word
  if (shell === 'fish') return `'${word.replace(/[\\']/g, '\\$&')}'`
  return `'${word.replaceAll("'", `'\\''`)}'`
}
