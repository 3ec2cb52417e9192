/**
 * What counts as a secret that must stay out of an artifact, shared by every
 * backend so that they all blank and warn about the same things. Users add
 * more with `secretEnv` and `secretFiles` in the config; `--no-scrub` turns
 * the scrubbing off.
 */

/**
 * Names of environment variables that look like credentials: `*` matches any
 * run of characters, case is ignored. Agent sandboxes get API keys this way,
 * and an image keeps its environment wherever it is pushed.
 */
export const SECRET_ENV_PATTERNS: readonly string[] = [
  '*TOKEN',
  '*_TOKEN_*',
  '*AUTH*TOKEN*',
  '*_AUTH',
  '*_KEY',
  '*APIKEY*',
  '*API_KEY*',
  '*PRIVATE_KEY*',
  '*SECRET*',
  '*PASSWORD*',
  '*PASSWD*',
  '*PASSPHRASE*',
  '*_PASS',
  '*PWD*',
  '*_PAT',
  '*_DSN',
  '*CREDENTIAL*',
  '*_COOKIE',
  'AWS_*',
  // The shell's working folders, not passwords.
  '!PWD',
  '!OLDPWD',
]

/**
 * Credential files of coding agents and developer tools, `~/` meaning every
 * home folder in the bottle; `*` matches within a name.
 */
export const CREDENTIAL_FILES: readonly string[] = [
  '~/.claude/.credentials.json',
  '~/.codex/auth.json',
  '~/.config/gh/hosts.yml',
  '~/.aws/credentials',
  '~/.config/gcloud/application_default_credentials.json',
  '~/.azure/accessTokens.json',
  '~/.netrc',
  '~/.npmrc',
  '~/.pypirc',
  '~/.docker/config.json',
  '~/.git-credentials',
  '~/.kube/config',
  '~/.ssh/id_*',
  // Public keys are meant to be shared.
  '!~/.ssh/id_*.pub',
]

/** What a backend keeps out of the artifact, as the host resolved it for this commit. */
export interface SecretRules {
  /** False with `--no-scrub`: the user wants the artifact as it is. */
  readonly scrub: boolean
  /** SECRET_ENV_PATTERNS plus the config's `secretEnv`. */
  readonly envPatterns: readonly string[]
  /** CREDENTIAL_FILES plus the config's `secretFiles`. */
  readonly files: readonly string[]
}

/** The rules of a host that gives none (older hosts): the built-in lists, scrubbing on. */
export const DEFAULT_SECRET_RULES: SecretRules = {scrub: true, envPatterns: SECRET_ENV_PATTERNS, files: CREDENTIAL_FILES}

/**
 * A test for environment variables: the name against `*` patterns, ignoring
 * case (a pattern starting with `!` excludes what it matches), or, when the
 * value is given, a value that is a URL carrying a password
 * (`postgres://user:password@host`), whatever the name.
 */
export function secretEnvMatcher(patterns: readonly string[]): (name: string, value?: string) => boolean {
  const matches = patternMatcher(patterns, (pattern) => pattern.split('*').map(escapeRegExp).join('.*'), 'i')
  return (name, value) => matches(name) || (value !== undefined && hasUrlPassword(value))
}

/**
 * A test for paths in a bottle against CREDENTIAL_FILES-style patterns:
 * `~/` is any home folder (any folder, since a bottle's HOME can be
 * anywhere), `*` matches within a name, `!` excludes.
 */
export function credentialFileMatcher(patterns: readonly string[]): (path: string) => boolean {
  const toRegExp = (pattern: string) => {
    const glob = pattern.split('*').map(escapeRegExp).join('[^/]*')
    return pattern.startsWith('~/') ? `(?:.*/)?${glob.slice(2)}` : glob
  }

  // dotAll: a name may hold any character but `/`, line breaks included.
  return patternMatcher(patterns, toRegExp, 's')
}

/** Whether `value` is (or holds) a URL with a password in it: `scheme://user:password@`. */
export function hasUrlPassword(value: string): boolean {
  return /[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:[^\s/@]+@/i.test(value)
}

function patternMatcher(patterns: readonly string[], toRegExp: (pattern: string) => string, flags: string): (text: string) => boolean {
  const compile = (list: readonly string[]) => (list.length === 0 ? /(?!)/ : new RegExp(`^(?:${list.map(toRegExp).join('|')})$`, flags))
  const include = compile(patterns.filter((pattern) => !pattern.startsWith('!')))
  const exclude = compile(patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1)))
  return (text) => include.test(text) && !exclude.test(text)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
}
