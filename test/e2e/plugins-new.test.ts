import {mkdir, readFile, readdir, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {REPO_ROOT, type Sandbox, makeSandbox} from '../support/cli.js'

// What the scaffold writes builds, tests and links: test/e2e/registry.test.ts proves it against the published core.
const EXAMPLE = join(REPO_ROOT, 'examples', 'backend-folder')

describe('bottle plugins new', () => {
  let box: Sandbox
  beforeAll(async () => {
    box = await makeSandbox()
  })
  afterAll(() => box.cleanup())

  it('writes the example backend as a new package declaring the given backend', async () => {
    const dir = join(box.dir, 'bottle-backend-lima')
    const run = await box.bottle(['plugins', 'new', dir, '--backend', 'lima', '--json'])
    expect(run.exitCode, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({dir, packageName: 'bottle-backend-lima', backend: 'lima'})
    expect(result.files).toEqual([
      '.gitignore',
      'README.md',
      'package.json',
      'src/freezer.ts',
      'src/lifecycle.ts',
      'src/options.ts',
      'test/conformance.test.ts',
      'test/double/tar',
      'tsconfig.json',
    ])

    // The sources are the example's, byte for byte: one template, exercised by the example's own tests.
    for (const file of ['src/freezer.ts', 'src/lifecycle.ts', 'src/options.ts', 'tsconfig.json', 'test/double/tar']) {
      expect(await readFile(join(dir, file), 'utf8'), file).toBe(await readFile(join(EXAMPLE, file), 'utf8'))
    }

    expect((await stat(join(dir, 'test/double/tar'))).mode & 0o111).not.toBe(0)
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    const core = JSON.parse(await readFile(join(REPO_ROOT, 'packages/core/package.json'), 'utf8'))
    expect(manifest).toMatchObject({
      name: 'bottle-backend-lima',
      type: 'module',
      oclif: {},
      files: ['dist'],
      bottle: {apiVersion: 1, backends: {lima: {freezer: './dist/freezer.js', lifecycle: './dist/lifecycle.js', tool: 'tar'}}},
      dependencies: {'@bottle/core': `^${core.version}`},
      devDependencies: {'@types/node': expect.any(String), typescript: expect.any(String), vitest: expect.any(String)},
    })
    expect(manifest.private).toBeUndefined()
    expect(Object.keys(manifest.bottle.backends)).toEqual(['lima'])
    expect(await readFile(join(dir, 'test/conformance.test.ts'), 'utf8')).toContain("name: 'lima'")
  })

  it('takes the package name from --name', async () => {
    const run = await box.bottle(['plugins', 'new', join(box.dir, 'x'), '--backend', 'x', '--name', '@me/bottle-backend-x', '--json'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(JSON.parse(await readFile(join(box.dir, 'x', 'package.json'), 'utf8')).name).toBe('@me/bottle-backend-x')
  })

  it.each([
    ['a backend name with capitals', ['--backend', 'Lima'], /^bottle: --backend "Lima": backend names are 1-40 of a-z, 0-9 and "-"$/],
    ['a folder name that is no package name', ['--backend', 'lima', '--name', 'Not A Name'], /^bottle: "Not A Name" is not a valid npm package name: pass one with --name$/],
    ['no --backend', [], /^bottle: .*backend/i],
  ])('refuses %s: exit 2, one line, nothing written', async (_name, flags, message) => {
    const dir = join(box.dir, `refused-${flags.length}`)
    const run = await box.bottle(['plugins', 'new', dir, ...flags])
    expect(run.exitCode).toBe(2)
    expect(run.stderr.trim()).toMatch(message)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    await expect(stat(dir)).rejects.toThrow()
  })

  it('refuses a folder that is not empty, and leaves it as it was', async () => {
    const dir = join(box.dir, 'taken')
    await mkdir(dir)
    await writeFile(join(dir, 'notes.txt'), 'mine\n')
    const run = await box.bottle(['plugins', 'new', dir, '--backend', 'lima'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr.trim()).toBe(`bottle: ${dir} is not empty: pick a new folder; nothing was written`)
    expect(await readdir(dir)).toEqual(['notes.txt'])
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n')
  })
})
