import {execa} from 'execa'
import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {REPO_ROOT, type Sandbox, makeSandbox} from '../support/cli.js'
import {removeContainers, removeImages, startContainer} from '../support/docker.js'
import {type NpmRegistry, startNpmRegistry} from '../support/npm-registry.js'
import {bottleOnTerminal} from '../support/terminal.js'

/*
 * The path a user and a plugin author take through a registry, on a real one:
 * every package published to a Verdaccio on loopback, bottle installed from it
 * with npm into an empty prefix, a backend written with `bottle plugins new`,
 * built against the published @bottle/core, published, and installed with
 * `bottle plugins install`. npm installs are slow on a loaded 2-core machine,
 * and the first run fills Verdaccio's cache from the npm registry: each step
 * has its own budget and prints a progress line.
 */
const MINUTE = 60_000
const started = Date.now()
const progress = (step: string) => process.stderr.write(`[registry e2e +${Math.round((Date.now() - started) / 1000)}s] ${step}\n`)

const PLUGIN = 'bottle-backend-box'
const slug = `reg-${process.pid}`

let registry: NpmRegistry
let box: Sandbox
let prefix: string
let bottleBin: string
let pluginDir: string
const images: string[] = []

/**
 * The bottle installed from the registry, with the sandbox's state and config
 * and the registry's npm settings. NODE_ENV as a user's shell has it, not
 * vitest's "test" (which makes oclif look for TypeScript sources in every plugin).
 */
const bottleEnv = () => ({...box.env, ...registry.env, NODE_ENV: 'production'})
const bottle = (args: readonly string[]) => execa(bottleBin, args, {reject: false, cwd: box.dir, env: bottleEnv(), input: ''})

const npm = (args: readonly string[], cwd: string) => execa('npm', [...args], {cwd, env: registry.env, reject: false, all: true})

async function backends(): Promise<Record<string, {status: string; package: string; source: string}>> {
  const run = await bottle(['backends', '--json'])
  expect(run.exitCode, run.stderr).toBe(0)
  const listed = JSON.parse(run.stdout) as {backends: {name: string; status: string; package: string; source: string}[]}
  return Object.fromEntries(listed.backends.map((b) => [b.name, b]))
}

async function writeConfig(config: unknown): Promise<void> {
  await mkdir(box.env.BOTTLE_CONFIG_DIR, {recursive: true})
  await writeFile(join(box.env.BOTTLE_CONFIG_DIR, 'config.json'), JSON.stringify(config))
}

/** Launches a box bottle from a folder holding one file, and commits it: the artifact must hold the file. */
async function launchAndCommit(name: string): Promise<void> {
  const template = join(box.dir, `template-${name}`)
  await mkdir(template, {recursive: true})
  await writeFile(join(template, 'work.txt'), `work of ${name}\n`)
  const launch = await bottle(['launch', name, '--backend', 'box', '--image', template])
  expect(launch.exitCode, launch.stderr).toBe(0)
  const commit = await bottle(['commit', name, '--json'])
  expect(commit.exitCode, commit.stderr).toBe(0)
  const {artifact, backend} = JSON.parse(commit.stdout) as {artifact: string; backend: string}
  expect(backend).toBe('box')
  const {stdout} = await execa('tar', ['-xzOf', artifact, './work.txt'])
  expect(stdout).toBe(`work of ${name}`)
}

beforeAll(async () => {
  progress('starting verdaccio')
  registry = await startNpmRegistry()
  box = await makeSandbox()
  prefix = await mkdtemp(join(tmpdir(), 'bottle-npm-prefix-'))
  bottleBin = join(prefix, 'bin', 'bottle')
  pluginDir = join(box.dir, PLUGIN)
  progress(`publishing every package to ${registry.url}`)
  const publish = await execa('bash', [join(REPO_ROOT, 'scripts', 'publish.sh'), registry.url], {env: registry.env, reject: false, all: true})
  expect(publish.exitCode, publish.all).toBe(0)
}, 5 * MINUTE)

afterAll(async () => {
  await removeContainers(`bot-bottle-${slug}`)
  await removeImages(...images)
  await Promise.all([box?.cleanup(), prefix && rm(prefix, {recursive: true, force: true})])
  await registry?.stop()
})

describe('bottle from a registry', () => {
  it(
    'npm install -g into an empty prefix gives a bottle with the three shipped backends',
    async () => {
      progress('npm install -g bottle')
      const install = await npm(['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', 'bottle'], box.dir)
      expect(install.exitCode, install.all).toBe(0)
      expect((await stat(bottleBin)).isFile()).toBe(true)

      const version = await bottle(['--version'])
      expect(version.stdout).toMatch(/^bottle\/0\.\d+\.\d+ /)
      const listed = await backends()
      for (const name of ['docker', 'macos-container', 'smolmachines']) {
        expect(listed[name]).toMatchObject({status: 'ok', source: 'shipped'})
      }
    },
    8 * MINUTE,
  )

  it(
    'commits a real docker bottle',
    async () => {
      progress('committing a docker bottle')
      await startContainer(`bot-bottle-${slug}`)
      const commit = await bottle(['commit', slug])
      expect(commit.exitCode, commit.stderr).toBe(0)
      images.push(commit.stdout)
      expect(commit.stdout).toMatch(new RegExp(`^bottle/${slug}:\\d{8}-\\d{6}`))
      await execa('docker', ['image', 'inspect', commit.stdout])
    },
    2 * MINUTE,
  )
})

describe('a backend from bottle plugins new, built against the published core', () => {
  it(
    'scaffolds a package that installs from the registry, builds and passes both conformance suites',
    async () => {
      progress('bottle plugins new')
      const scaffold = await bottle(['plugins', 'new', pluginDir, '--backend', 'box'])
      expect(scaffold.exitCode, scaffold.stderr).toBe(0)
      const manifest = JSON.parse(await readFile(join(pluginDir, 'package.json'), 'utf8'))
      expect(manifest.dependencies['@bottle/core']).toMatch(/^\^0\.\d+\.\d+$/)

      progress('npm install in the new plugin')
      const install = await npm(['install', '--no-audit', '--no-fund'], pluginDir)
      expect(install.exitCode, install.all).toBe(0)
      progress('npm run build, npm test')
      const build = await npm(['run', 'build'], pluginDir)
      expect(build.exitCode, build.all).toBe(0)
      const test = await npm(['test', '--', '--reporter=verbose'], pluginDir)
      expect(test.exitCode, test.all).toBe(0)
      expect(test.all).toMatch(/freezer conformance: box/)
      expect(test.all).toMatch(/lifecycle conformance: box/)
    },
    8 * MINUTE,
  )

  it(
    'links, launches and commits a bottle, and unlinks',
    async () => {
      progress('bottle plugins link')
      await writeConfig({backends: {box: {root: join(box.dir, 'boxes')}}})
      const link = await bottle(['plugins', 'link', pluginDir, '--no-install'])
      expect(link.exitCode, link.stderr).toBe(0)
      expect((await backends()).box).toMatchObject({status: 'ok', source: 'linked', package: PLUGIN})
      await launchAndCommit('linked')
      expect((await bottle(['plugins', 'uninstall', PLUGIN])).exitCode).toBe(0)
      expect((await backends()).box).toBeUndefined()
    },
    2 * MINUTE,
  )

  it(
    'publishes it; bottle plugins install refuses it without a terminal, asks on one, and it commits',
    async () => {
      progress('npm publish of the new plugin')
      const publish = await npm(['publish'], pluginDir)
      expect(publish.exitCode, publish.all).toBe(0)

      const refused = await bottle(['plugins', 'install', PLUGIN])
      expect(refused.exitCode).toBe(7)
      expect(refused.stderr.trim()).toBe(
        `bottle: refusing to install untrusted plugin ${PLUGIN}@latest without a terminal: add this exact spec to trustedPlugins in your user config, or set BOTTLE_ALLOW_UNTRUSTED_PLUGINS=1`,
      )
      expect((await backends()).box).toBeUndefined()

      progress('bottle plugins install on a terminal')
      const asked = await bottleOnTerminal(box, ['plugins', 'install', PLUGIN], {answer: 'y', bin: bottleBin, env: bottleEnv(), timeout: 5 * MINUTE})
      expect(asked.output).toContain(`${PLUGIN}@latest is not a trusted plugin`)
      expect(asked.exitCode, asked.output).toBe(0)
      expect((await backends()).box).toMatchObject({status: 'ok', source: 'user-installed', package: PLUGIN})

      await launchAndCommit('installed')
      expect((await bottle(['plugins', 'uninstall', PLUGIN])).exitCode).toBe(0)
      expect((await backends()).box).toBeUndefined()
    },
    8 * MINUTE,
  )

  it(
    'installs it without asking when the config trusts it, and uninstalls it',
    async () => {
      progress('bottle plugins install, trusted by the config')
      await writeConfig({backends: {box: {root: join(box.dir, 'boxes')}}, trustedPlugins: [PLUGIN]})
      const install = await bottle(['plugins', 'install', PLUGIN])
      expect(install.exitCode, install.stderr).toBe(0)
      expect(install.stderr).not.toContain('untrusted')
      expect((await backends()).box).toMatchObject({status: 'ok', source: 'user-installed'})
      expect((await bottle(['plugins', 'uninstall', PLUGIN])).exitCode).toBe(0)
      expect((await backends()).box).toBeUndefined()
      progress('done')
    },
    5 * MINUTE,
  )
})
