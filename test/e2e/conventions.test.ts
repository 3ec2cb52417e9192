import {execa} from 'execa'
import {copyFile, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {REPO_ROOT, makeSandbox} from '../support/cli.js'
import {bottleOnTerminal} from '../support/terminal.js'

const EXAMPLE_PLUGIN = join(REPO_ROOT, 'examples', 'backend-folder')

describe('what gh and docker users type first', () => {
  it("-h is help for bottle and for every command, plugins' included", async () => {
    const box = await makeSandbox()
    try {
      const root = await box.bottle(['-h'])
      expect(root.exitCode, root.stderr).toBe(0)
      expect(root.stdout).toMatch(/^Freeze the sandboxes/)
      const {commands} = JSON.parse((await box.bottle(['help', '--json'])).stdout) as {commands: {id: string}[]}
      expect(commands.map((c) => c.id)).toEqual(expect.arrayContaining(['commit', 'ls', 'snapshots rm', 'plugins', 'plugins install', 'help']))
      const runs = await Promise.all(commands.map(async ({id}) => ({id, run: await box.bottle([...id.split(' '), '-h'])})))
      for (const {id, run} of runs) {
        expect(run.exitCode, `${id} -h: ${run.stderr}`).toBe(0)
        // `bottle help -h` is the help of help: the root's, which lists the commands.
        expect(run.stdout, id).toContain(id === 'help' ? 'COMMANDS' : `$ bottle ${id}`)
      }
    } finally {
      await box.cleanup()
    }
  })

  it('a typo: the suggestion is computed on the command name alone; without a terminal it is printed, nothing runs, exit 127', async () => {
    const box = await makeSandbox()
    try {
      const rmm = await box.bottle(['rmm', 'demo'])
      expect(rmm.exitCode).toBe(127)
      expect(rmm.stderr).toBe('bottle: rmm is not a bottle command; did you mean bottle rm demo? (see bottle help)')
      const topic = await box.bottle(['plugins', 'instal', 'x'])
      expect(topic.exitCode).toBe(127)
      expect(topic.stderr).toBe('bottle: plugins instal is not a bottle command; did you mean bottle plugins install x? (see bottle help)')
      const far = await box.bottle(['xyzzy'])
      expect(far.exitCode).toBe(127)
      expect(far.stderr).toBe('bottle: xyzzy is not a bottle command; see bottle help')
    } finally {
      await box.cleanup()
    }
  })

  it('a typo on a terminal: asks, default No (Enter runs nothing, exit 127); yes runs the suggestion with the same arguments', async () => {
    const box = await makeSandbox()
    try {
      const enter = await bottleOnTerminal(box, ['lss', '--json'], {answer: ''})
      expect(enter.output).toContain('lss is not a bottle command. Did you mean bottle ls? [y/N]')
      expect(enter.output).not.toContain('"bottles"')
      expect(enter.exitCode).toBe(127)
      const yes = await bottleOnTerminal(box, ['lss', '--json'], {answer: 'y'})
      expect(yes.output).toContain('"bottles": []')
      expect(yes.exitCode).toBe(0)
    } finally {
      await box.cleanup()
    }
  })

  it('--json where the docs promise it: help, --version, plugins (listing what the text lists)', async () => {
    const box = await makeSandbox()
    try {
      const help = await box.bottle(['help', 'commit', '--json'])
      expect(help.exitCode, help.stderr).toBe(0)
      expect(JSON.parse(help.stdout)).toMatchObject({
        id: 'commit',
        usage: [expect.stringMatching(/^bottle commit SLUG/)],
        examples: expect.arrayContaining([{description: 'Commit the bottle of slug "demo"', command: 'bottle commit demo'}]),
      })
      expect((await box.bottle(['help', 'nope'])).stderr).toBe('bottle: nope is not a bottle command; see bottle help')

      const version = await box.bottle(['--version', '--json'])
      expect(version.exitCode).toBe(0)
      expect(JSON.parse(version.stdout)).toMatchObject({name: 'bottle', version: expect.stringMatching(/^\d+\.\d+\.\d+/)})

      expect(JSON.parse((await box.bottle(['plugins', '--json'])).stdout)).toEqual({plugins: []})
      expect((await box.bottle(['plugins'])).stdout).toBe('No plugins installed.')
      expect((await box.bottle(['plugins', 'link', EXAMPLE_PLUGIN, '--no-install'])).exitCode).toBe(0)
      const listed = JSON.parse((await box.bottle(['plugins', '--json'])).stdout)
      expect(listed).toEqual({plugins: [{name: 'bottle-backend-folder', version: expect.any(String), type: 'link', root: EXAMPLE_PLUGIN}]})
      expect((await box.bottle(['plugins'])).stdout).toBe(`bottle-backend-folder ${listed.plugins[0].version} (link) ${EXAMPLE_PLUGIN}`)
    } finally {
      await box.cleanup()
    }
  })

  it('--no-color is accepted by every command, those of other plugins too', async () => {
    const box = await makeSandbox()
    try {
      for (const args of [['plugins'], ['plugins', 'inspect', '@bottle/plugin-docker'], ['help'], ['ls'], ['completion', 'bash']]) {
        const run = await box.bottle([...args, '--no-color'])
        expect(run.exitCode, `${args.join(' ')}: ${run.stderr}`).toBe(0)
      }
    } finally {
      await box.cleanup()
    }
  })

  it('messages name the problem: a missing flag, a YAML syntax error, the launch usage, bin/dev.js without tsx', async () => {
    const box = await makeSandbox()
    try {
      const noImage = await box.bottle(['launch', 'x'])
      expect(noImage.exitCode).toBe(2)
      expect(noImage.stderr).toBe('bottle: Missing required flag --image (the image (or, for smolmachines, a .smolmachine pack) to start from); see bottle launch --help')
      const noSlug = await box.bottle(['commit'])
      expect(noSlug.stderr).toBe('bottle: Missing 1 required arg: SLUG (the bottle\'s slug (a-z, 0-9, "-", "_"; at most 64 characters)); see bottle commit --help')

      await mkdir(box.env.BOTTLE_CONFIG_DIR, {recursive: true})
      await writeFile(join(box.env.BOTTLE_CONFIG_DIR, 'config.yaml'), 'prefix: [a\n  b: c\n')
      const yaml = await box.bottle(['ls'])
      expect(yaml.exitCode).toBe(2)
      expect(yaml.stderr).toBe(`bottle: cannot read config ${join(box.env.BOTTLE_CONFIG_DIR, 'config.yaml')}: missed comma between flow collection entries (2:4)`)

      const usage = await box.bottle(['launch', '--help'])
      expect(usage.stdout).toContain('$ bottle launch SLUG --image <value>')
      expect(usage.stdout).not.toContain('SLUG...')

      // bin/dev.js where tsx cannot be found, as in a clone without it.
      const bare = await mkdtemp(join(tmpdir(), 'bottle-dev-'))
      try {
        for (const file of ['dev.js', 'exit.js']) await copyFile(join(REPO_ROOT, 'bin', file), join(bare, file))
        const dev = await execa(process.execPath, [join(bare, 'dev.js'), 'ls'], {reject: false})
        expect(dev.exitCode).toBe(1)
        expect(dev.stderr).toBe('bottle: bin/dev.js runs the TypeScript sources through tsx, which is not installed: add it (pnpm add -D -w tsx) or run the build, bin/run.js')
      } finally {
        await rm(bare, {recursive: true, force: true})
      }
    } finally {
      await box.cleanup()
    }
  })

  it('doctor with the engine unreachable names no probe bottle', async () => {
    const box = await makeSandbox()
    try {
      const run = await box.bottle(['doctor'], {env: {DOCKER_HOST: 'unix:///nonexistent/docker.sock'}})
      expect(run.exitCode).toBe(10)
      expect(run.stdout).toMatch(/FAIL +backend docker .*: cannot reach the container engine/)
      expect(run.stdout).not.toMatch(/probe|bot-bottle-/)
    } finally {
      await box.cleanup()
    }
  })
})
