import {type ContainerRelease, NO_AUTO_SCHEME} from './release.js'

/**
 * `--scheme http` for an image from a plain-HTTP registry. Before 1.3.0
 * `--scheme auto` (the default) chose http for loopback and private
 * addresses by itself; 1.3.0 removed it, so loopback registries need the
 * flag too. Registries named in `plainHttpRegistries` get it on every release.
 */
export function schemeArgs(image: string, release: ContainerRelease, plainHttpRegistries: readonly string[]): string[] {
  const registry = registryOf(image)
  if (!registry) return []
  const configured = plainHttpRegistries.includes(registry)
  return configured || (release.at(NO_AUTO_SCHEME) && isLoopback(registry)) ? ['--scheme', 'http'] : []
}

/** The registry host[:port] an image reference names, if it names one (`docker.io/x`, not `node:22`). */
export function registryOf(image: string): string | undefined {
  const first = image.split('/')[0]!
  return image.includes('/') && (/[.:]/.test(first) || first === 'localhost') ? first : undefined
}

function isLoopback(registry: string): boolean {
  const host = registry.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/:\d+$/, '')
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}
