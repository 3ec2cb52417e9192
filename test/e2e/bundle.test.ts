import {execa} from 'execa'
import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join, sep} from 'node:path'
import {describe, expect, it} from 'vitest'

import {REPO_ROOT, makeSandbox} from '../support/cli.js'

const COMMAND_SOURCES = join(REPO_ROOT, 'packages', 'cli', 'src', 'commands')
const ORACLE = `bottle/0.1.0 ${process.platform}-${process.arch} node-${process.version}`

/** Links a generated plugin whose package.json has `oclif` as given. */
async function linkPlugin(box: Awaited<ReturnType<typeof makeSandbox>>, name: string, oclif: unknown): Promise<void> {
  const root = join(box.dir, name)
  await mkdir(root, {recursive: true})
  await writeFile(join(root, 'package.json'), JSON.stringify({name, version: '1.0.0', type: 'module', oclif}))
  await writeFile(join(root, 'hook.js'), 'export default async function () { process.stdout.write("hooked\\n") }\n')
  const run = await box.bottle(['plugins', 'link', root, '--no-install'])
  expect(run.exitCode, run.stderr).toBe(0)
}

describe('the bundled CLI', () => {
  it('loads every command of the sources from the one bundle (oclif explicit strategy)', async () => {
    // A command in a folder is a topic's: config/show.ts is `config:show`.
    const ids = (await readdir(COMMAND_SOURCES, {recursive: true})).filter((file) => file.endsWith('.ts')).map((file) => file.slice(0, -3).split(sep).join(':'))
    const {COMMANDS} = (await import(join(REPO_ROOT, 'packages', 'cli', 'dist', 'index.js'))) as {COMMANDS: Record<string, {run: unknown}>}
    expect(Object.keys(COMMANDS).sort()).toEqual(ids.sort())
    const box = await makeSandbox()
    try {
      for (const id of ids.filter((id) => id !== '__complete')) {
        const words = id.split(':')
        // `help --help` is help's own answer: the root page, which lists help.
        const run = await box.bottle([...words, '--help'])
        expect(run.exitCode, id).toBe(0)
        expect(run.stdout, id).toContain(id === 'help' ? 'help        Show help for bottle' : `$ bottle ${words.join(' ')}`)
      }
    } finally {
      await box.cleanup()
    }
  })

  it('prints the same help from the bundle as from the sources (bin/dev.js, tsx)', async () => {
    const box = await makeSandbox()
    try {
      for (const argv of [['--help'], ['commit', '--help'], ['backends', '--help']]) {
        const bundled = await box.bottle(argv)
        const sources = await execa(join(REPO_ROOT, 'bin', 'dev.js'), argv, {cwd: REPO_ROOT, env: box.env, reject: false})
        expect(sources.exitCode).toBe(0)
        expect(bundled.stdout).toBe(sources.stdout)
      }
    } finally {
      await box.cleanup()
    }
  })

  it('ships no zod in the plugins or the CLI: they use the one @bottle/core re-exports', async () => {
    const bundles = ['packages/cli', 'plugins/docker', 'plugins/macos-container', 'plugins/smolmachines']
    for (const bundle of bundles) {
      const dist = join(REPO_ROOT, bundle, 'dist')
      const maps = (await readdir(dist, {recursive: true})).filter((file) => file.endsWith('.js.map'))
      expect(maps.length, bundle).toBeGreaterThan(0)
      for (const map of maps) {
        const sources = JSON.parse(await readFile(join(dist, map), 'utf8')).sources as string[]
        expect(
          sources.filter((source) => source.includes('/zod/')),
          `${bundle}/${map}`,
        ).toEqual([])
      }
    }
  })
})

describe('bottle --version', () => {
  it("prints oclif's answer, with or without plugins that leave it alone", async () => {
    const box = await makeSandbox()
    try {
      expect((await box.bottle(['--version'])).stdout).toBe(ORACLE)
      await linkPlugin(box, 'bottle-plain-plugin', {})
      expect((await box.bottle(['--version'])).stdout).toBe(ORACLE)
      // oclif's own path gives the same line.
      expect((await box.bottle(['--version'], {env: {DEBUG: 'nothing-that-matches'}})).stdout).toBe(ORACLE)
    } finally {
      await box.cleanup()
    }
  })

  it.each(['init', 'finally'])("runs a linked plugin's %s hook around it", async (hook) => {
    const box = await makeSandbox()
    try {
      await linkPlugin(box, `bottle-${hook}-plugin`, {hooks: {[hook]: './hook.js'}})
      const run = await box.bottle(['--version'])
      expect(run.stdout.split('\n').sort()).toEqual([ORACLE, 'hooked'].sort())
    } finally {
      await box.cleanup()
    }
  })

  it("the shipped plugins declare no init or finally hook but the CLI's own, which leaves a plain --version alone (the fast path relies on it)", async () => {
    const root = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'))
    for (const name of root.oclif.plugins as string[]) {
      // The root's own node_modules: some packages do not export their package.json.
      const pjson = JSON.parse(await readFile(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'))
      // @bottle/cli's init hook answers only `--version --json` and strips --color elsewhere: the oracle test above pins plain --version.
      if (name !== '@bottle/cli') expect(Object.keys(pjson.oclif?.hooks ?? {}), name).not.toEqual(expect.arrayContaining(['init']))
      expect(Object.keys(pjson.oclif?.hooks ?? {}), name).not.toEqual(expect.arrayContaining(['finally']))
      expect(pjson.oclif?.plugins ?? [], name).toEqual([])
    }

    expect(root.oclif.hooks ?? {}).toEqual({})
  })
})
