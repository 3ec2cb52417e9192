import {BottleError, ErrorCode} from './errors.js'

/**
 * A timestamp that sorts as text in time order and is valid in an image tag
 * and a file name: 20261130-004512-123 (UTC, milliseconds last).
 */
export function artifactTimestamp(at: Date): string {
  const iso = at.toISOString() // 2026-11-30T00:45:12.123Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}`
}

/** Fills a tag scheme's `{slug}` and `{timestamp}`. */
export function renderTagScheme(scheme: string, slug: string, at: Date): string {
  return scheme.replaceAll('{slug}', slug).replaceAll('{timestamp}', artifactTimestamp(at))
}

/**
 * An image reference as `docker images` shows it, to compare names that
 * tools write differently: without the default registry and `library/`
 * (containerd's `docker.io/library/x`), and without `localhost/`, under
 * which podman keeps a short name.
 */
export function familiarReference(reference: string): string {
  return reference.replace(/^(?:docker\.io|localhost)\//, '').replace(/^library\//, '')
}

/**
 * The names a tag scheme gives `slug`'s snapshots, or any slug's without one,
 * the timestamp captured: to tell an imported snapshot's own name from any
 * other name an archive might carry (and re-point).
 */
export function tagSchemePattern(scheme: string, slug?: string): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const slugged = scheme.split('{timestamp}').map((part) =>
    part
      .split('{slug}')
      .map(literal)
      .join(slug === undefined ? '[a-z0-9][a-z0-9_-]*' : literal(slug)),
  )
  return new RegExp(`^${slugged.join('([0-9]{8}-[0-9]{6}-[0-9]{3})')}$`)
}

// The distribution reference grammar: [host[:port]/]path[:tag].
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
// A first component is a registry host only with a dot, a port or as localhost, as docker reads it.
const HOST = '(?:(?:localhost|[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)+)(?::[0-9]+)?/|[a-zA-Z0-9-]+:[0-9]+/)?'
const REFERENCE = new RegExp(`^${HOST}${COMPONENT}(?:/${COMPONENT})*:[\\w][\\w.-]{0,127}$`)

/**
 * Checks a rendered tag before the tool sees it, so that a bad tag scheme is
 * reported as bad input naming the option (`optionKey`), not as a tool failure.
 */
export function checkImageReference(reference: string, optionKey: string): string {
  if (!REFERENCE.test(reference)) {
    throw new BottleError(ErrorCode.BadInput, `${optionKey} gives ${JSON.stringify(reference)}, which is not a valid image reference (repository:tag, lower case)`)
  }

  return reference
}
