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
  '*_TOKEN',
  'TOKEN',
  '*_KEY',
  '*_SECRET',
  '*_SECRET_*',
  'SECRET',
  '*PASSWORD*',
  '*PASSWD*',
  '*_CREDENTIALS',
  'AWS_*',
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

/** A test for environment variable names against `*` patterns, ignoring case. */
export function secretEnvMatcher(patterns: readonly string[]): (name: string) => boolean {
  const alternatives = patterns.map((pattern) => pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*'))
  const regexp = new RegExp(`^(?:${alternatives.join('|')})$`, 'i')
  return (name) => regexp.test(name)
}
