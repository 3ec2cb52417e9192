import {execa} from 'execa'
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'

/** The images a commit of `slug` made (docker labels them dev.bottle.slug), by reference. */
export async function imagesOf(slug: string, env: Record<string, string> = {}): Promise<string[]> {
  const {stdout} = await execa('docker', ['images', '--filter', `label=dev.bottle.slug=${slug}`, '--format', '{{.Repository}}:{{.Tag}}'], {env})
  return stdout.split('\n').filter((line) => line && !line.includes('<none>')).sort()
}

/** Images with no tag left: what an engine keeps of a commit whose tag was never made. */
export async function danglingImagesOf(slug: string, env: Record<string, string> = {}): Promise<string[]> {
  const {stdout} = await execa('docker', ['images', '--filter', `label=dev.bottle.slug=${slug}`, '--filter', 'dangling=true', '-q'], {env})
  return stdout.split('\n').filter(Boolean)
}

/** Every file under the state root whose name says it is a temp file or a lock, and the lock folder itself. */
export async function leftovers(stateRoot: string): Promise<string[]> {
  const entries = await readdir(stateRoot, {recursive: true, withFileTypes: true}).catch(() => [])
  return entries
    .filter((entry) => entry.name.endsWith('.tmp') || entry.name.endsWith('.lock') || entry.name.endsWith('.break') || entry.name === '.locks')
    .map((entry) => join(entry.parentPath, entry.name))
}

/** The artifact recorded for `slug`, or undefined. */
export async function recorded(stateRoot: string, slug: string): Promise<string | undefined> {
  const text = await readFile(join(stateRoot, slug, 'committed.json'), 'utf8').catch(() => undefined)
  return text === undefined ? undefined : (JSON.parse(text) as {artifact: string}).artifact
}

/** Resolves true once the engine has paused the container (a commit is under way), false if `waiting()` turns false first. */
export async function untilPaused(container: string, waiting: () => boolean, env: Record<string, string> = {}): Promise<boolean> {
  while (waiting()) {
    const {stdout} = await execa('docker', ['inspect', '--format', '{{.State.Paused}}', container], {env, reject: false})
    if (stdout.trim() === 'true') return true
    await new Promise((resolve) => setTimeout(resolve, 20))
  }

  return false
}

/** Fills the container's writable layer, so that committing it takes long enough to be interrupted. */
export async function bulkUp(container: string, megabytes: number, env: Record<string, string> = {}): Promise<void> {
  await execa('docker', ['exec', container, 'sh', '-c', `dd if=/dev/urandom of=/bulk bs=1M count=${megabytes} 2>/dev/null`], {env})
}
