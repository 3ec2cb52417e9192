/** Plugins of this project's own scope are trusted without asking. */
export const BUILTIN_TRUSTED_PLUGINS: readonly string[] = ['@bottle/*']

/** The environment variable that allows installing untrusted plugins without a terminal, on purpose. */
export const ALLOW_UNTRUSTED_ENV = 'BOTTLE_ALLOW_UNTRUSTED_PLUGINS'

/**
 * Whether `name` (an npm package name, or the URL of a git or file install)
 * matches a trusted pattern: an exact name or URL, or `@scope/*` for a scope.
 */
export function isTrustedPlugin(name: string, configured: readonly string[] = []): boolean {
  return [...BUILTIN_TRUSTED_PLUGINS, ...configured].some((pattern) =>
    pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) && !name.includes('/', pattern.length - 1) : name === pattern,
  )
}
