/** Plugins of this project's own scope are trusted without asking. */
export const BUILTIN_TRUSTED_PLUGINS: readonly string[] = ['@bottle/*']

/** The environment variable that allows installing untrusted plugins without a terminal, on purpose. */
export const ALLOW_UNTRUSTED_ENV = 'BOTTLE_ALLOW_UNTRUSTED_PLUGINS'

/**
 * Whether `name` matches a trusted pattern. `name` is what oclif installs: an
 * npm package name (without the `@version` the user may have typed), or the
 * URL of a git or file install. A pattern is a name or URL in which `*`
 * stands for any characters but `/` (`@scope/*`, `bottle-backend-*`); git
 * URLs match with or without `git+` and `.git`.
 */
export function isTrustedPlugin(name: string, configured: readonly string[] = []): boolean {
  const candidate = normalise(name)
  return [...BUILTIN_TRUSTED_PLUGINS, ...configured].some((pattern) => patternRegExp(normalise(pattern)).test(candidate))
}

function patternRegExp(pattern: string): RegExp {
  const parts = pattern.split('*').map((part) => part.replaceAll(/[$()+.?[\\\]^{|}]/g, '\\$&'))
  return new RegExp(`^${parts.join('[^/]*')}$`)
}

/** One spelling of a git URL: `git+https://host/a/b.git/` and `https://host/a/b` are one repository. */
function normalise(spec: string): string {
  return spec
    .replace(/^git\+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
}
