import {execa} from 'execa'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

/**
 * Writes a third-party backend plugin into `dir` that needs no dependencies
 * (the contract is checked by shape, so plain objects with the right `code`
 * strings are a valid plugin), and returns its folder.
 */
export async function writePlugin(
  dir: string,
  name: string,
  bottle: unknown,
  files: Record<string, string> = {'freezer.js': "export default {apiVersion: 1, async freeze(ctx) { return 'echo:' + ctx.slug }}"},
): Promise<string> {
  const root = join(dir, name)
  await mkdir(root, {recursive: true})
  const pjson = {name, version: '1.0.0', type: 'module', oclif: {}, files: Object.keys(files), bottle}
  await writeFile(join(root, 'package.json'), JSON.stringify(pjson, null, 2))
  for (const [file, content] of Object.entries(files)) await writeFile(join(root, file), content)
  return root
}

/** `npm pack` of a plugin folder: a tarball to install from without any registry. */
export async function packPlugin(root: string): Promise<string> {
  const {stdout} = await execa('npm', ['pack', '--silent', '--pack-destination', root], {cwd: root})
  return join(root, stdout.trim().split('\n').at(-1)!)
}

export function backendsDeclaring(name: string, freezer = './freezer.js'): unknown {
  return {apiVersion: 1, backends: {[name]: {freezer}}}
}
