import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {backendsDeclaring, packPlugin, writePlugin} from '../support/plugins.js'

// Threat model, "a plugin": it is code with the user's rights, so only what the user trusts by source gets installed.
let box: Sandbox
let tarball: string
let markers: string

beforeAll(async () => {
  box = await makeSandbox()
  markers = join(box.dir, 'markers')
  await mkdir(markers)
  const root = await writePlugin(join(box.dir, 'src'), 'bottle-evil', backendsDeclaring('evil'))
  const pjson = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
  // An install script runs the moment npm installs the package: the marker proves it ran.
  pjson.scripts = {postinstall: `node -e "require('fs').writeFileSync('${join(markers, 'postinstall')}', 'ran')"`}
  await writeFile(join(root, 'package.json'), JSON.stringify(pjson))
  tarball = await packPlugin(root)
})
afterAll(() => box.cleanup())

async function userConfig(config: unknown): Promise<void> {
  await mkdir(box.env.BOTTLE_CONFIG_DIR, {recursive: true})
  await writeFile(join(box.env.BOTTLE_CONFIG_DIR, 'config.json'), JSON.stringify(config))
}

const installed = async () => JSON.parse(await readFile(join(box.env.BOTTLE_DATA_DIR, 'package.json'), 'utf8').catch(() => '{}')).dependencies ?? {}

describe('plugins are trusted by source, not by the name they claim', () => {
  it.each([
    ['a trusted scope with a file: source', () => `@bottle/plugin-docker@file:${tarball}`],
    ['a trusted scope with a link: source', () => `@bottle/plugin-docker@link:${tarball}`],
    ['a trusted scope as an npm: alias', () => '@bottle/plugin-docker@npm:bottle-evil@1.0.0'],
    ['a trusted scope from a git host', () => '@bottle/plugin-docker@github:attacker/bottle-evil'],
    ['a trusted scope from a URL', () => '@bottle/plugin-docker@https://attacker.example/bottle-evil.tgz'],
    ['a trusted name with a file: source', () => `bottle-evil@file:${tarball}`],
    ['a file: URL', () => `file:${tarball}`],
    ['a tarball path', () => tarball],
    ['a git URL', () => 'git+ssh://git@attacker.example/bottle-evil.git'],
  ])('refuses %s without a terminal: exit 7 before npm runs', async (_, spec) => {
    await userConfig({trustedPlugins: ['bottle-evil']})
    const run = await box.bottle(['plugins', 'install', spec()])
    expect(run.exitCode, run.stderr).toBe(7)
    expect(run.stderr).toMatch(
      /^bottle: refusing to install untrusted plugin .* without a terminal: add this exact spec to trustedPlugins in your user config, or set BOTTLE_ALLOW_UNTRUSTED_PLUGINS=1$/,
    )
    expect(await readdir(markers)).toEqual([])
    expect(await installed()).toEqual({})
  })

  it('refuses trust that arrives with a cloned repository', async () => {
    await userConfig({})
    const repo = join(box.dir, 'repo')
    await mkdir(join(repo, '.git'), {recursive: true})
    await writeFile(join(repo, '.bottlerc.json'), JSON.stringify({trustedPlugins: [`file:${tarball}`]}))
    const run = await box.bottle(['plugins', 'install', `file:${tarball}`], {cwd: repo})
    expect(run.exitCode).toBe(7)
    expect(run.stderr).toContain('sets trustedPlugins, which decides which plugins install without asking')
    expect(await readdir(markers)).toEqual([])
  })

  it('installs the exact spec the user config trusts (and its install script runs, which the refusals prevented)', async () => {
    await userConfig({trustedPlugins: [`bottle-evil@file:${tarball}`]})
    const run = await box.bottle(['plugins', 'install', `bottle-evil@file:${tarball}`])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(await readdir(markers)).toEqual(['postinstall'])
    expect(Object.keys(await installed())).toEqual(['bottle-evil'])
  })
})
