import {SECRET_ENV_PATTERNS, secretEnvMatcher} from '../contract/secrets.js'

const MASK = '***'
/** `NAME=value` inside any text (a command line, a tool's message, an `-e` entry): the value runs to the next blank or quote. */
const ASSIGNMENT = /(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_.-]*)=([^\s"']+)/g
/** The password of `scheme://user:password@` anywhere in a text. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:)([^\s/@]+)@/gi
/** Values this short would mask ordinary words; `NAME=value` shapes are masked at any length. */
const MIN_VALUE_LENGTH = 4

/** A command line for debug output, with the value of every `NAME=value` argument of a secret-like NAME masked. */
export function maskCommandLine(argv: readonly string[]): string {
  return new SecretMask().mask(argv.join(' '))
}

/**
 * Masks secrets in everything a command prints: the values of secret-like
 * names (the built-in patterns, the config's `secretEnv`) wherever they
 * appear, whether they came from this process's environment or from `-e`
 * entries; the value of any `NAME=value` whose name is secret-like; and the
 * password of any URL with `user:password@`.
 */
export class SecretMask {
  private patterns: readonly string[] = SECRET_ENV_PATTERNS
  private isSecret = secretEnvMatcher(this.patterns)
  private readonly pairs: Array<readonly [string, string]> = []

  /** More secret names, `*` wildcards (the config's `secretEnv`). */
  addPatterns(patterns: readonly string[]): void {
    this.patterns = [...this.patterns, ...patterns]
    this.isSecret = secretEnvMatcher(this.patterns)
  }

  /** Name-value pairs whose values are masked when the name (or the value) is secret-like. */
  addEnv(env: NodeJS.ProcessEnv): void {
    for (const [name, value] of Object.entries(env)) if (value) this.pairs.push([name, value])
  }

  /** `-e` entries, well-formed or not: `export NAME=value` counts as NAME. */
  addEntries(entries: readonly string[]): void {
    for (const entry of entries) {
      const split = entry.indexOf('=')
      if (split > 0) this.pairs.push([entry.slice(0, split).trim().split(/\s+/).at(-1) ?? '', entry.slice(split + 1)])
    }
  }

  mask(text: string): string {
    let masked = text
    const values = this.pairs.filter(([name, value]) => value.length >= MIN_VALUE_LENGTH && this.isSecret(name, value)).map(([, value]) => value)
    // Longest first, so that a value inside another is not half masked.
    for (const value of values.sort((a, b) => b.length - a.length)) masked = masked.replaceAll(value, MASK)
    masked = masked.replace(ASSIGNMENT, (whole, name: string, value: string) => (value !== MASK && this.isSecret(name) ? `${name}=${MASK}` : whole))
    return masked.replace(URL_PASSWORD, `$1${MASK}@`)
  }
}
