import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {REPO_ROOT, type Sandbox, makeSandbox} from '../support/cli.js'
import {docker, removeContainers, removeImages, startContainer} from '../support/docker.js'
import {backendsDeclaring, packPlugin, writePlugin} from '../support/plugins.js'
import {bottleOnTerminal} from '../support/terminal.js'

const EXAMPLE = join(REPO_ROOT, 'examples', 'backend-folder')

async function backends(box: Sandbox): Promise<Record<string, {status: string; package: string; source: string; problem?: string; conflictsWith?: string[]}[]>> {
  const run = await box.bottle(['backends', '--json'])
  expect(run.exitCode).toBe(0)
  const byName: Record<string, {status: string; package: string; source: string; problem?: string}[]> = {}
  for (const b of JSON.parse(run.stdout).backends) byName[b.name] = [...(byName[b.name] ?? []), b]
  return byName
}

async function setMetadata(box: Sandbox, slug: string, backend: string): Promise<void> {
  await mkdir(join(box.stateDir, slug), {recursive: true})
  await writeFile(join(box.stateDir, slug, 'metadata.json'), JSON.stringify({backend, agentName: 'test'}))
}

async function writeUserConfig(box: Sandbox, config: unknown): Promise<void> {
  await mkdir(box.env.BOTTLE_CONFIG_DIR, {recursive: true})
  await writeFile(join(box.env.BOTTLE_CONFIG_DIR, 'config.json'), JSON.stringify(config))
}

describe('the worked example, linked into a temporary data dir', () => {
  it('links, commits a real folder bottle with it, and uninstalls', async () => {
    const box = await makeSandbox()
    try {
      const link = await box.bottle(['plugins', 'link', EXAMPLE, '--no-install'])
      expect(link.exitCode).toBe(0)
      expect((await backends(box)).folder).toEqual([expect.objectContaining({package: 'bottle-backend-folder', source: 'linked', status: 'ok'})])

      const bottles = join(box.dir, 'bottles')
      await mkdir(join(bottles, 'bot-bottle-f1'), {recursive: true})
      await writeFile(join(bottles, 'bot-bottle-f1', 'work.txt'), 'the agent was here\n')
      await writeUserConfig(box, {backends: {folder: {root: bottles}}})
      await setMetadata(box, 'f1', 'folder')

      const commit = await box.bottle(['commit', 'f1', '--json'])
      expect(commit.exitCode).toBe(0)
      const result = JSON.parse(commit.stdout)
      expect(result).toMatchObject({backend: 'folder', preserved: true, artifact: expect.stringMatching(/snapshot-\d{8}-\d{6}-\d{3}\.tar\.gz$/)})
      const {stdout} = await execa('tar', ['-xzOf', result.artifact, './work.txt'])
      expect(stdout).toBe('the agent was here')
      expect(JSON.parse(await readFile(join(box.stateDir, 'f1', 'committed.json'), 'utf8')).artifact).toBe(result.artifact)

      expect((await box.bottle(['plugins', 'uninstall', 'bottle-backend-folder'])).exitCode).toBe(0)
      expect((await backends(box)).folder).toBeUndefined()
      const after = await box.bottle(['commit', 'f1'])
      expect(after.exitCode).toBe(3)
      expect(after.stderr).toMatch(
        /^bottle: unknown backend "folder": registered backends are docker, macos-container, smolmachines; install more with: bottle plugins install <package>$/,
      )
    } finally {
      await box.cleanup()
    }
  })
})

describe('installing third-party plugins', () => {
  let box: Sandbox
  let tarball: string
  beforeAll(async () => {
    box = await makeSandbox()
    tarball = await packPlugin(await writePlugin(join(box.dir, 'src'), 'bottle-backend-echo', backendsDeclaring('echo')))
  })
  afterAll(() => box.cleanup())

  const installed = async () => JSON.parse(await readFile(join(box.env.BOTTLE_DATA_DIR, 'package.json'), 'utf8').catch(() => '{}')).oclif?.plugins ?? []

  it('refuses an untrusted plugin without a terminal: exit 7, one line, nothing installed', async () => {
    const run = await box.bottle(['plugins', 'install', `file:${tarball}`])
    expect(run.exitCode).toBe(7)
    expect(run.stderr.trim()).toBe(
      `bottle: refusing to install untrusted plugin file:${tarball} without a terminal: add this exact spec to trustedPlugins in your user config, or set BOTTLE_ALLOW_UNTRUSTED_PLUGINS=1`,
    )
    expect(await installed()).toEqual([])
  })

  it('asks on a terminal; "n" installs nothing and exits 8', async () => {
    const run = await bottleOnTerminal(box, ['plugins', 'install', `file:${tarball}`], {answer: 'n'})
    expect(run.output).toContain('is not a trusted plugin. Plugins run code with your rights')
    expect(run.output).toContain(`bottle: install of file:${tarball} declined: nothing was installed`)
    expect(run.exitCode).toBe(8)
    expect(await installed()).toEqual([])
  })

  it('asks on a terminal; "y" installs it', async () => {
    const run = await bottleOnTerminal(box, ['plugins', 'install', `file:${tarball}`], {answer: 'y'})
    expect(run.exitCode).toBe(0)
    expect(await installed()).toEqual([expect.objectContaining({name: 'bottle-backend-echo', type: 'user'})])
    expect((await box.bottle(['plugins', 'uninstall', 'bottle-backend-echo'])).exitCode).toBe(0)
    expect(await installed()).toEqual([])
  })

  it('installs with BOTTLE_ALLOW_UNTRUSTED_PLUGINS, commits with it, and uninstalls', async () => {
    const run = await box.bottle(['plugins', 'install', `file:${tarball}`], {env: {BOTTLE_ALLOW_UNTRUSTED_PLUGINS: '1'}})
    expect(run.exitCode).toBe(0)
    expect(run.stderr).toContain('warning: installing untrusted plugin')
    expect((await backends(box)).echo).toEqual([expect.objectContaining({package: 'bottle-backend-echo', source: 'user-installed', status: 'ok'})])

    await setMetadata(box, 'e1', 'echo')
    const commit = await box.bottle(['commit', 'e1'])
    expect(commit.stdout).toBe('echo:e1')
    expect(commit.exitCode).toBe(0)

    expect((await box.bottle(['plugins', 'uninstall', 'bottle-backend-echo'])).exitCode).toBe(0)
    expect((await backends(box)).echo).toBeUndefined()
  })

  it('installs without asking what the config trusts', async () => {
    await writeUserConfig(box, {trustedPlugins: [`file:${tarball}`]})
    const run = await box.bottle(['plugins', 'install', `file:${tarball}`])
    expect(run.exitCode).toBe(0)
    expect(run.stderr).not.toContain('untrusted')
    expect((await backends(box)).echo?.[0]?.status).toBe('ok')
  })
})

describe('broken and conflicting plugins are contained', () => {
  const slug = `plug-${process.pid}`
  let box: Sandbox
  const images: string[] = []
  beforeAll(async () => {
    box = await makeSandbox()
    await startContainer(`bot-bottle-${slug}`)
    const dir = join(box.dir, 'plugins')
    const broken: [string, unknown, Record<string, string>?][] = [
      ['bad-declaration', {apiVersion: 'one', backends: []}],
      ['bad-import', backendsDeclaring('bad-import'), {'freezer.js': "import 'no-such-module'\nexport default {}"}],
      ['bad-shape', backendsDeclaring('bad-shape'), {'freezer.js': 'export default {apiVersion: 1, freeze: "not a function"}'}],
      ['future-api', {apiVersion: 9, backends: {'future-api': {freezer: './freezer.js'}}}],
      ['rival-docker', backendsDeclaring('docker')],
    ]
    for (const [name, bottle, files] of broken) {
      const root = await writePlugin(dir, name, bottle, files)
      expect((await box.bottle(['plugins', 'link', root, '--no-install'])).exitCode).toBe(0)
    }
  })
  afterAll(async () => {
    await removeContainers(`bot-bottle-${slug}`)
    await removeImages(...images)
    await box.cleanup()
  })

  it('lists each broken plugin with its reason, and the conflict', async () => {
    const run = await box.bottle(['backends', '--json'])
    expect(run.exitCode).toBe(0)
    const {backends: list, problems} = JSON.parse(run.stdout)
    const find = (name: string, pkg?: string) => list.find((b: {name: string; package: string}) => b.name === name && (!pkg || b.package === pkg))
    expect(problems).toEqual([{plugin: 'bad-declaration', problem: expect.stringContaining('malformed "bottle" key in package.json')}])
    expect(find('bad-import')).toMatchObject({status: 'broken', problem: expect.stringMatching(/cannot import \.\/freezer\.js: .*no-such-module/)})
    expect(find('bad-shape')).toMatchObject({status: 'broken', problem: expect.stringContaining('freeze: expected a function')})
    expect(find('future-api')).toMatchObject({status: 'incompatible', problem: expect.stringContaining('declares API version 9, this bottle supports 1')})
    expect(find('docker', 'rival-docker')).toMatchObject({status: 'conflict', conflictsWith: ['@bottle/plugin-docker']})
    expect(find('docker', '@bottle/plugin-docker')).toMatchObject({status: 'conflict', conflictsWith: ['rival-docker']})
  })

  it('fails a commit on a broken backend with one line naming the plugin', async () => {
    for (const [backend, message] of [
      ['bad-import', /^bottle: backend "bad-import" from plugin bad-import is broken: cannot import/],
      ['bad-shape', /^bottle: backend "bad-shape" from plugin bad-shape is broken: .*freeze: expected a function/],
      ['future-api', /^bottle: backend "future-api" from plugin future-api cannot be used: incompatible/],
    ] as const) {
      await setMetadata(box, backend, backend)
      const run = await box.bottle(['commit', backend])
      expect(run.exitCode).toBe(3)
      expect(run.stderr).toMatch(message)
      expect(run.stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('refuses the contested name until the config pins a package, then docker commits again', async () => {
    const contested = await box.bottle(['commit', slug])
    expect(contested.exitCode).toBe(3)
    expect(contested.stderr).toMatch(/backend "docker" is claimed by .*(@bottle\/plugin-docker and rival-docker|rival-docker and @bottle\/plugin-docker)/)

    await writeUserConfig(box, {backendPlugins: {docker: '@bottle/plugin-docker'}})
    const pinned = await box.bottle(['commit', slug])
    expect(pinned.exitCode).toBe(0)
    images.push(pinned.stdout)
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', pinned.stdout)).toMatch(/^sha256:/)
    expect((await backends(box)).docker?.map((b) => [b.package, b.status])).toEqual([
      ['@bottle/plugin-docker', 'ok'],
      ['rival-docker', 'unused'],
    ])
  })
})
