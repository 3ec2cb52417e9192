import {readFile, readdir} from 'node:fs/promises'
import {dirname, join, relative, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'

import {REPO_ROOT} from './support/cli.js'

/**
 * The folder tree tells the architecture only while the code keeps to it:
 * these tests fail on an import circle, on a lower layer of the core
 * importing a higher one, and on a plugin or the CLI reaching past the
 * core's public entry points.
 */

/** The core's layers, lowest first: a folder may import its own layer's folders' files only without a circle, and lower layers freely. */
const CORE_LAYERS: Record<string, number> = {
  contract: 0,
  config: 1,
  state: 1,
  secrets: 2,
  exec: 3,
  registry: 4,
  bottle: 5,
  ops: 6,
  testing: 7,
  '.': 8,
}

const SOURCE_ROOTS = ['packages/core/src', 'packages/cli/src', 'plugins/docker/src', 'plugins/macos-container/src', 'plugins/smolmachines/src', 'examples/backend-folder/src']

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true, recursive: true}).catch(() => [])
  return entries.filter((entry) => entry.isFile() && /\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')).map((entry) => join(entry.parentPath, entry.name))
}

/** Every import and re-export specifier of a file (static and dynamic). */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8')
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?:[^'"]*?from\s+)?'([^']+)'/g), ...text.matchAll(/import\('([^']+)'\)/g)]
  return specifiers.map((match) => match[1]!)
}

function resolveLocal(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  return resolve(dirname(file), specifier).replace(/\.js$/, '.ts')
}

async function graph(): Promise<Map<string, {local: string[]; packages: string[]}>> {
  const files = (await Promise.all(SOURCE_ROOTS.map((root) => sourceFiles(join(REPO_ROOT, root))))).flat()
  const result = new Map<string, {local: string[]; packages: string[]}>()
  for (const file of files) {
    const specifiers = await importsOf(file)
    result.set(file, {
      local: specifiers.map((s) => resolveLocal(file, s)).filter((s): s is string => s !== undefined),
      packages: specifiers.filter((s) => !s.startsWith('.')),
    })
  }

  return result
}

describe('architecture', () => {
  it('has no import circle in any package', async () => {
    const edges = await graph()
    const state = new Map<string, 'open' | 'done'>()
    const circles: string[] = []
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(REPO_ROOT, f)).join(' -> '))
        return
      }

      state.set(file, 'open')
      for (const next of edges.get(file)?.local ?? []) visit(next, [...path, file])
      state.set(file, 'done')
    }

    for (const file of edges.keys()) visit(file, [])
    expect(circles).toEqual([])
  })

  it('keeps the core layered: no folder imports from a higher layer', async () => {
    const coreSrc = join(REPO_ROOT, 'packages/core/src')
    const layerOf = (file: string) => {
      const folder = relative(coreSrc, dirname(file)).split('/')[0] || '.'
      const rank = CORE_LAYERS[folder]
      if (rank === undefined) throw new Error(`core folder ${folder} has no layer in architecture.test.ts: give it one`)
      return {folder, rank}
    }

    const upward: string[] = []
    for (const [file, {local}] of await graph()) {
      if (!file.startsWith(coreSrc)) continue
      const from = layerOf(file)
      for (const target of local) {
        const to = layerOf(target)
        if (to.folder !== from.folder && to.rank >= from.rank) upward.push(`${relative(coreSrc, file)} -> ${relative(coreSrc, target)}`)
      }
    }

    expect(upward).toEqual([])
  })

  it('lets plugins see only the contract, and the CLI only the host API', async () => {
    const crossings: string[] = []
    for (const [file, {packages}] of await graph()) {
      const where = relative(REPO_ROOT, file)
      const allowed = where.startsWith('packages/cli/') ? ['@bottle/core'] : where.startsWith('packages/core/') ? [] : ['@bottle/core/plugin']
      for (const name of packages.filter((p) => p.startsWith('@bottle/'))) {
        if (!allowed.includes(name)) crossings.push(`${where} imports ${name}`)
      }
    }

    expect(crossings).toEqual([])
  })
})
