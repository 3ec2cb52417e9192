import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {PluginInfo} from '../src/registry/plugin-info.js'

export async function tempDir(prefix = 'bottle-core-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

/**
 * Writes a fake backend plugin: a package.json with a `bottle` declaration and
 * the given module files, and returns what oclif would report for it.
 */
export async function fakePlugin(root: string, name: string, bottle: unknown, files: Record<string, string> = {}, type = 'user'): Promise<PluginInfo> {
  const dir = join(root, name.replace('/', '__'))
  await mkdir(dir, {recursive: true})
  const pjson = {name, version: '1.2.3', type: 'module', bottle}
  await writeFile(join(dir, 'package.json'), JSON.stringify(pjson))
  for (const [file, content] of Object.entries(files)) {
    await mkdir(join(dir, file, '..'), {recursive: true})
    await writeFile(join(dir, file), content)
  }

  return {name, version: '1.2.3', type, root: dir, pjson}
}

/** A freezer module that records its import in globalThis.__imported and returns `artifact`. */
export function freezerModule(id: string, body = `async freeze(ctx) { return 'img:' + ctx.slug }`): string {
  return `globalThis.__imported = [...(globalThis.__imported ?? []), ${JSON.stringify(id)}]
export default { apiVersion: 1, ${body} }
`
}

export function imported(): string[] {
  const global = globalThis as {__imported?: string[]}
  global.__imported ??= []
  return global.__imported
}

export function declaration(backends: Record<string, unknown>, apiVersion = 1): unknown {
  return {apiVersion, backends}
}
