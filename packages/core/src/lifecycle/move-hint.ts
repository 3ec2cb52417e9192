import type {BackendRegistry} from '../registry/backend-registry.js'

/**
 * The bottle commands that move a committed bottle to another machine, when
 * its backend can export: they carry the bottle's state along with the
 * artifact, which the tool's own commands do not. Null when the backend
 * cannot, so that no hint names a command that would fail.
 */
export async function moveHint(registry: BackendRegistry, slug: string, backend: string): Promise<string[] | null> {
  const lifecycle = await registry.loadLifecycle(backend).then(
    (loaded) => loaded.lifecycle,
    () => null,
  )
  if (typeof lifecycle?.exportArtifact !== 'function' || typeof lifecycle.importArtifact !== 'function') return null
  return [`bottle export ${slug}`, `bottle import ${slug}.bottle.tgz && bottle resume ${slug}    (on the other machine)`]
}
