import npa from 'npm-package-arg'

/** Plugins of this project's own scope are trusted without asking, from the registry only. */
export const BUILTIN_TRUSTED_PLUGINS: readonly string[] = ['@bottle/*']

/** The environment variable that allows installing untrusted plugins without a terminal, on purpose. */
export const ALLOW_UNTRUSTED_ENV = 'BOTTLE_ALLOW_UNTRUSTED_PLUGINS'

/** What `bottle plugins install` was asked for, as oclif parsed it: a registry name with a tag, or a URL. */
export type PluginSpec = {readonly type: 'npm'; readonly name: string; readonly tag?: string} | {readonly type: 'repo'; readonly url: string}

/** The install spec as npm gets it: `name@tag`, or the URL. */
export function specOf(plugin: PluginSpec): string {
  return plugin.type === 'npm' ? `${plugin.name}@${plugin.tag ?? 'latest'}` : plugin.url
}

/**
 * Whether an install is trusted, judged by where the code comes from, not by
 * the name it claims: a trusted name (exact, or `@scope/*`) covers only a
 * plain registry install of that name with a version range or dist-tag.
 * Anything else (`file:`, `link:`, a tarball path, git, a URL, an `npm:`
 * alias, which names another package) is trusted only when the configured
 * list holds that exact spec.
 */
export function isTrustedPlugin(plugin: PluginSpec, configured: readonly string[] = []): boolean {
  const spec = specOf(plugin)
  if (configured.includes(spec) || (plugin.type === 'repo' && configured.includes(plugin.url))) return true
  const name = registryName(spec)
  return name !== undefined && [...BUILTIN_TRUSTED_PLUGINS, ...configured].some((pattern) => namePatternMatches(pattern, name))
}

/** The package name of a plain registry spec (`name`, `name@1.2`, `name@^1`, `name@next`), else undefined. */
function registryName(spec: string): string | undefined {
  try {
    const parsed = npa(spec)
    return parsed.registry && ['tag', 'version', 'range'].includes(parsed.type) ? (parsed.name ?? undefined) : undefined
  } catch {
    return undefined
  }
}

function namePatternMatches(pattern: string, name: string): boolean {
  if (pattern.endsWith('/*')) return name.startsWith(pattern.slice(0, -1)) && !name.includes('/', pattern.length - 1)
  return name === pattern
}
