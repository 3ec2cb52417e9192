/**
 * Names of environment variables that look like credentials. A rebuilt image
 * is shared and pushed, so these are never written into it; `*` matches any
 * run of characters, case is ignored. `backends.macos-container.secretEnv`
 * adds more.
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

/** What of a container's environment goes into the rebuilt image. */
export interface ImageEnv {
  /** Name and value, in the container's order. */
  readonly kept: ReadonlyArray<readonly [string, string]>
  /** Names left out because they look like secrets. */
  readonly secrets: readonly string[]
  /** Names left out because a Dockerfile ENV cannot hold their value (a line break). */
  readonly unwritable: readonly string[]
}

/** Splits `K=V` entries into what the image gets and what it must not. */
export function imageEnv(environment: readonly string[], extraSecretPatterns: readonly string[]): ImageEnv {
  const secret = globs([...SECRET_ENV_PATTERNS, ...extraSecretPatterns])
  const kept: Array<readonly [string, string]> = []
  const secrets: string[] = []
  const unwritable: string[] = []
  for (const entry of environment) {
    const split = entry.indexOf('=')
    if (split <= 0) continue
    const name = entry.slice(0, split)
    const value = entry.slice(split + 1)
    if (secret.test(name)) secrets.push(name)
    else if (/[\r\n]/.test(value)) unwritable.push(name)
    else kept.push([name, value])
  }

  return {kept, secrets, unwritable}
}

function globs(patterns: readonly string[]): RegExp {
  const alternatives = patterns.map((pattern) => pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*'))
  return new RegExp(`^(?:${alternatives.join('|')})$`, 'i')
}
