import {secretEnvMatcher} from '@bottle/core/plugin'

/** What of a container's environment goes into the rebuilt image. */
export interface ImageEnv {
  /** Name and value, in the container's order. */
  readonly kept: ReadonlyArray<readonly [string, string]>
  /** Names left out because they look like secrets. */
  readonly secrets: readonly string[]
  /** Names left out because a Dockerfile ENV cannot hold their value (a line break). */
  readonly unwritable: readonly string[]
}

/**
 * Splits `K=V` entries into what the image gets and what it must not: a
 * rebuilt image is shared and pushed, so credential-like names (`secretPatterns`,
 * none with --no-scrub) are left out.
 */
export function imageEnv(environment: readonly string[], secretPatterns: readonly string[]): ImageEnv {
  // No patterns is --no-scrub: nothing is left out, whatever its value looks like.
  const isSecret = secretPatterns.length > 0 ? secretEnvMatcher(secretPatterns) : () => false
  const kept: Array<readonly [string, string]> = []
  const secrets: string[] = []
  const unwritable: string[] = []
  for (const entry of environment) {
    const split = entry.indexOf('=')
    if (split <= 0) continue
    const name = entry.slice(0, split)
    const value = entry.slice(split + 1)
    if (isSecret(name, value)) secrets.push(name)
    else if (/[\r\n]/.test(value)) unwritable.push(name)
    else kept.push([name, value])
  }

  return {kept, secrets, unwritable}
}
