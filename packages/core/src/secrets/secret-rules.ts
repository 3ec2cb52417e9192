import type {BottleConfig} from '../config/config-schema.js'
import {CREDENTIAL_FILES, SECRET_ENV_PATTERNS, type SecretRules} from '../contract/secrets.js'

/** The secret lists of one commit: the built-in ones plus the config's; `scrub` false with --no-scrub. */
export function secretRules(config: Pick<BottleConfig, 'secretEnv' | 'secretFiles'>, scrub: boolean): SecretRules {
  return {
    scrub,
    envPatterns: [...SECRET_ENV_PATTERNS, ...(config.secretEnv ?? [])],
    files: [...CREDENTIAL_FILES, ...(config.secretFiles ?? [])],
  }
}
