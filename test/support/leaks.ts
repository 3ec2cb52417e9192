import {execa} from 'execa'
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'

import type {EngineRef} from './docker.js'

const run = ({binary = 'docker', env = {}}: EngineRef, args: string[], reject = true) => execa(binary, args, {env, reject})

/** The images a commit of `slug` made (docker labels them dev.bottle.slug), by reference (podman's local prefix left out, as bottle records them). */
export async function imagesOf(slug: string, engine: EngineRef = {}): Promise<string[]> {
  const {stdout} = await run(engine, ['images', '--filter', `label=dev.bottle.slug=${slug}`, '--format', '{{.Repository}}:{{.Tag}}'])
  return stdout
    .split('\n')
    .filter((line) => line && !line.includes('<none>'))
    .map((line) => line.replace(/^localhost\//, ''))
    .sort()
}

/** Images with no tag left: what an engine keeps of a commit whose tag was never made. */
export async function danglingImagesOf(slug: string, engine: EngineRef = {}): Promise<string[]> {
  const {stdout} = await run(engine, ['images', '--filter', `label=dev.bottle.slug=${slug}`, '--filter', 'dangling=true', '-q'])
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

/**
 * Resolves true once the engine is committing `container`, false if
 * `waiting()` turns false first. Docker shows it: the container is paused.
 * Podman pauses it too but its inspect does not say so; its commit runs in
 * the client, so the client's process is the sign.
 */
export async function untilCommitting(container: string, waiting: () => boolean, engine: EngineRef = {}): Promise<boolean> {
  const committing =
    engine.binary === 'podman'
      ? async () => (await execa('pgrep', ['-f', `^podman commit .* ${container} `], {reject: false})).exitCode === 0
      : async () => (await run(engine, ['inspect', '--format', '{{.State.Paused}}', container], false)).stdout.trim() === 'true'
  while (waiting()) {
    if (await committing()) return true
    await new Promise((resolve) => setTimeout(resolve, 20))
  }

  return false
}

/** Fills the container's writable layer, so that committing it takes long enough to be interrupted. */
export async function bulkUp(container: string, megabytes: number, engine: EngineRef = {}): Promise<void> {
  await run(engine, ['exec', container, 'sh', '-c', `dd if=/dev/urandom of=/bulk bs=1M count=${megabytes} 2>/dev/null`])
}
