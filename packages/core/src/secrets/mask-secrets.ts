import {SECRET_ENV_PATTERNS, secretEnvMatcher} from '../contract/secrets.js'

const MASK = '***'
const isSecretName = secretEnvMatcher(SECRET_ENV_PATTERNS)

/** A command line for debug output, with the value of every `NAME=value` argument of a secret-like NAME masked. */
export function maskCommandLine(argv: readonly string[]): string {
  return argv
    .map((arg) => {
      const match = /^((?:ENV\s+)?([A-Za-z_][A-Za-z0-9_.-]*)=)(.+)$/s.exec(arg)
      return match?.[2] && isSecretName(match[2]) ? `${match[1]}${MASK}` : arg
    })
    .join(' ')
}

/**
 * Debug text (a stack, a tool's message) with the values of this process's
 * secret-like environment variables masked wherever they appear.
 */
export function maskSecretValues(text: string, env: NodeJS.ProcessEnv): string {
  let masked = text
  for (const [name, value] of Object.entries(env)) {
    // Short values would mask ordinary words; no credential is that short.
    if (value && value.length >= 6 && isSecretName(name)) masked = masked.replaceAll(value, MASK)
  }

  return masked
}
