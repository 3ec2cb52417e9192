import {execa} from 'execa'
import {chmod, mkdir, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {BOTTLE_BIN, type Sandbox, makeSandbox} from '../support/cli.js'

// Threat model, "a cloned repository": its config files are data, and cannot choose what runs.
let box: Sandbox
let repo: string
let markers: string

beforeEach(async () => {
  box = await makeSandbox()
  repo = join(box.dir, 'repo')
  markers = join(box.dir, 'markers')
  await mkdir(join(repo, '.git'), {recursive: true})
  await mkdir(markers)
})
afterEach(() => box.cleanup())

/** A script that leaves a marker named `name` if anything ever runs it (and then behaves as docker). */
async function payload(name: string, file = join(repo, `${name}.sh`)): Promise<string> {
  await writeFile(file, `#!/bin/sh\ntouch ${join(markers, name)}\nexec docker "$@"\n`)
  await chmod(file, 0o755)
  return file
}

async function jsPayload(name: string, file: string): Promise<void> {
  await mkdir(join(file, '..'), {recursive: true})
  await writeFile(file, `require('node:fs').writeFileSync(${JSON.stringify(join(markers, name))}, 'ran'); module.exports = {prefix: 'pwned-'}\n`)
}

const ran = () => readdir(markers)

describe('config files never run code', () => {
  it.each([
    ['.bottlerc.json', '{"$import": "./evil.cjs"}'],
    ['.bottlerc', '$import: ./evil.cjs\n'],
    ['.bottlerc.yaml', '$import:\n  - ./evil.js\n'],
  ])('%s with $import: exit 2 naming the key, nothing run, even for bottle ls', async (file, content) => {
    await jsPayload('import', join(repo, 'evil.cjs'))
    await jsPayload('import', join(repo, 'evil.js'))
    await writeFile(join(repo, file), content)
    const run = await box.bottle(['ls'], {cwd: repo})
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toBe(`bottle: invalid config ${join(repo, file)}: $import: config files cannot import other files; copy the settings in`)
    expect(await ran()).toEqual([])
  })

  it('ignores JavaScript and TypeScript config files and cosmiconfig meta configs', async () => {
    for (const file of [
      '.bottlerc.js',
      '.bottlerc.cjs',
      '.bottlerc.mjs',
      '.bottlerc.ts',
      'bottle.config.js',
      'bottle.config.cjs',
      '.config/bottlerc.js',
      '.config/config.js',
      '.config/config.cjs',
      '.config/config.ts',
    ]) {
      await jsPayload(file.replaceAll('/', '_'), join(repo, file))
    }

    await writeFile(join(repo, 'package.json'), JSON.stringify({cosmiconfig: {searchPlaces: ['evil.cjs']}, bottle: {prefix: 'pkg-'}}))
    await jsPayload('package-json', join(repo, 'evil.cjs'))
    const run = await box.bottle(['config', 'show', '--json'], {cwd: join(repo)})
    expect(run.exitCode, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({prefix: 'bot-bottle-', files: []})
    expect(await ran()).toEqual([])
  })
})

describe('config files cannot hang bottle', () => {
  it('a .bottlerc of nested YAML aliases (a billion laughs): every command fails at once with exit 2, config show too; doctor reports it', async () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({length: 11}, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`)]
    await writeFile(join(repo, '.bottlerc'), `backends:\n  unused:\n${levels.map((line) => `    ${line}`).join('\n')}\n`)
    const message = `invalid config ${join(repo, '.bottlerc')}: more than 10000 values once its YAML aliases are expanded; a bottle config is a few keys`
    for (const args of [['config', 'show', '--json'], ['ls'], ['doctor']]) {
      // A bound of its own: without the limit the expansion never ends, and a busy process takes no signal.
      const run = await execa(process.execPath, [BOTTLE_BIN, ...args], {cwd: repo, env: box.env, reject: false, timeout: 30_000, killSignal: 'SIGKILL'})
      expect(run.timedOut, args.join(' ')).toBe(false)
      if (args[0] === 'doctor') {
        expect(run.exitCode).toBe(10)
        expect(run.stdout).toContain(message)
      } else {
        expect(run.exitCode, args.join(' ')).toBe(2)
        expect(run.stderr.trim()).toBe(`bottle: ${message}`)
      }
    }
  })
})

describe('the project search', () => {
  it('stops at the project root: a config above it (say in /tmp) does not apply', async () => {
    await writeFile(join(box.dir, '.bottlerc.json'), '{"secretEnv": ["ABOVE_*"]}')
    const sub = join(repo, 'src', 'deep')
    await mkdir(sub, {recursive: true})
    await writeFile(join(repo, '.bottlerc.json'), '{"secretEnv": ["REPO_*"]}')
    const inRepo = await box.bottle(['config', 'show', '--json'], {cwd: sub})
    expect(JSON.parse(inRepo.stdout)).toMatchObject({secretEnv: ['REPO_*'], files: [join(repo, '.bottlerc.json')]})

    const outside = join(box.dir, 'loose', 'folder')
    await mkdir(outside, {recursive: true})
    const loose = await box.bottle(['config', 'show', '--json'], {cwd: outside})
    expect(JSON.parse(loose.stdout)).toMatchObject({files: []})
    expect(JSON.parse(loose.stdout).secretEnv).toBeUndefined()
  })

  it('never goes above $HOME, even to a folder that looks like a project root', async () => {
    const home = join(box.dir, 'home')
    const project = join(home, 'work', 'proj')
    await mkdir(project, {recursive: true})
    await mkdir(join(box.dir, '.git'))
    await writeFile(join(box.dir, '.bottlerc.json'), '{"secretEnv": ["ABOVE_HOME_*"]}')
    const run = await box.bottle(['config', 'show', '--json'], {cwd: project, env: {HOME: home}})
    expect(JSON.parse(run.stdout)).toMatchObject({prefix: 'bot-bottle-', files: []})
  })
})

describe('keys that choose what runs', () => {
  it.each([
    ['backends.docker.binary', {backends: {docker: {binary: 'EVIL'}}}],
    ['backends.docker.context', {backends: {docker: {context: 'attacker'}}}],
    ['backends.smolmachines.binary', {backends: {smolmachines: {binary: 'EVIL'}}}],
    ['trustedPlugins', {trustedPlugins: ['evil-plugin']}],
    ['backendPlugins', {backendPlugins: {docker: 'evil-plugin'}}],
    ['stateDir', {stateDir: '..'}],
    ['prefix', {prefix: 'victim-'}],
  ])('a project config setting %s: exit 7 naming the key and the trust command, nothing run', async (key, config) => {
    const evil = await payload('binary')
    await writeFile(join(repo, '.bottlerc.json'), JSON.stringify(config).replace('EVIL', evil))
    for (const args of [['ls'], ['commit', 'x'], ['launch', 'x', '--image', 'y'], ['plugins', 'install', 'left-pad']]) {
      const run = await box.bottle(args, {cwd: repo})
      expect(run.exitCode, args.join(' ')).toBe(7)
      expect(run.stderr).toContain(`bottle: project config ${join(repo, '.bottlerc.json')} sets ${key}, which `)
      expect(run.stderr).toContain(`unless you trust this file: bottle config trust ${join(repo, '.bottlerc.json')}`)
    }

    // doctor reports it among its checks (exit 10), and checks the rest with the defaults.
    const doctor = await box.bottle(['doctor'], {cwd: repo})
    expect(doctor.exitCode).toBe(10)
    expect(doctor.stdout).toContain(`sets ${key}, which `)

    expect(await ran()).toEqual([])
  })

  it('honours them from the user config, and from a project config the user trusts, until it changes', async () => {
    const evil = await payload('binary')
    const file = join(repo, '.bottlerc.json')
    await writeFile(file, JSON.stringify({backends: {docker: {binary: evil}}}))
    expect((await box.bottle(['ls'], {cwd: repo})).exitCode).toBe(7)

    const trust = await box.bottle(['config', 'trust', '--json'], {cwd: join(repo)})
    expect(trust.exitCode, trust.stderr).toBe(0)
    expect(JSON.parse(trust.stdout)).toMatchObject({file, trusted: true, sha256: expect.stringMatching(/^[a-f0-9]{64}$/)})
    await box.bottle(['doctor'], {cwd: repo})
    expect(await ran()).toEqual(['binary'])

    // An edit (a pull) makes it untrusted again.
    await writeFile(file, JSON.stringify({backends: {docker: {binary: evil, tagScheme: 'x/{slug}:{timestamp}'}}}))
    const changed = await box.bottle(['ls'], {cwd: repo})
    expect(changed.exitCode).toBe(7)
    expect(changed.stderr).toContain('(it changed since you trusted it)')

    await box.bottle(['config', 'trust', file])
    expect((await box.bottle(['config', 'untrust'], {cwd: repo})).exitCode).toBe(0)
    expect((await box.bottle(['ls'], {cwd: repo})).exitCode).toBe(7)

    await mkdir(box.env.BOTTLE_CONFIG_DIR, {recursive: true})
    await writeFile(join(box.env.BOTTLE_CONFIG_DIR, 'config.json'), JSON.stringify({backends: {docker: {binary: await payload('user-binary', join(box.dir, 'mine.sh'))}}}))
    const mine = await box.bottle(['doctor'])
    expect(mine.stderr).not.toContain('project config')
    expect(await ran()).toEqual(['binary', 'user-binary'])
  })

  it('lets a project config set what only shapes its own bottles (tag scheme, pause, secret lists)', async () => {
    await writeFile(
      join(repo, '.bottlerc.json'),
      JSON.stringify({secretEnv: ['MY_*'], secretFiles: ['/etc/x'], backends: {docker: {tagScheme: 'p/{slug}:{timestamp}', pause: false}}}),
    )
    const run = await box.bottle(['config', 'show', '--json'], {cwd: repo})
    expect(run.exitCode, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({secretEnv: ['MY_*'], backends: {docker: {tagScheme: 'p/{slug}:{timestamp}', pause: false}}})
  })

  it('config trust without a project config, or of a file that is not one: exit 2, one line', async () => {
    const none = await box.bottle(['config', 'trust'], {cwd: repo})
    expect(none.exitCode).toBe(2)
    expect(none.stderr).toMatch(/^bottle: no project config .* here or up to the project root; name the file: bottle config trust <file>$/)
    await writeFile(join(repo, 'evil.js'), 'x')
    const js = await box.bottle(['config', 'trust', 'evil.js'], {cwd: repo})
    expect([js.exitCode, js.stderr]).toEqual([2, `bottle: ${join(repo, 'evil.js')} is not a JSON or YAML config file (.json, .yaml, .yml, or no extension)`])
  })
})
