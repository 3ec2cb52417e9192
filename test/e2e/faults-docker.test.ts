import {execa} from 'execa'
import {mkdtemp, readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BOTTLE_BIN, type Sandbox, userConfigWith} from '../support/cli.js'
import {ENGINES, engine} from '../support/docker.js'
import {commitGate} from '../support/gate.js'
import {bulkUp, imagesOf, leftovers, recorded, untilCommitting} from '../support/leaks.js'
import {untilWhileRunning} from '../support/until.js'

describe.each(ENGINES)('faults on the real engine: %s', (engineName) => {
  const e = engine(engineName)
  const ref = {binary: engineName}
  // Run-specific slugs keep parallel CI jobs on one engine apart.
  const tag = `f${engineName.slice(0, 1)}${process.pid}`
  const containers: string[] = []
  let box: Sandbox

  /** A bottle container of its own, with a first commit recorded: the state every fault must leave as it is. */
  async function bottleWithCommit(name: string, extra: readonly string[] = []): Promise<{slug: string; container: string; first: string}> {
    const slug = `${tag}-${name}`
    const container = await e.startContainer(`bot-bottle-${slug}`, extra)
    containers.push(container)
    const run = await box.bottle(['commit', slug])
    expect(run.exitCode).toBe(0)
    return {slug, container, first: run.stdout}
  }

  /** A project folder whose .bottlerc.json is `config`. */
  async function projectWith(config: unknown): Promise<string> {
    const project = await mkdtemp(join(box.dir, 'project-'))
    await writeFile(join(project, 'package.json'), '{}')
    await writeFile(join(project, '.bottlerc.json'), JSON.stringify(config))
    return project
  }

  /** Resolves once the process has written a line containing `text` to stderr; fails if it ends first. */
  async function untilLine(child: ReturnType<typeof commitProcess>['child'], text: string): Promise<void> {
    let seen = ''
    child.stderr?.on('data', (chunk: Buffer) => (seen += chunk.toString()))
    await untilWhileRunning(`"${text}" on stderr`, async () => seen.includes(text), child)
  }

  /** Starts `bottle commit` as a process we can signal. */
  function commitProcess(slug: string, args: readonly string[] = [], env: Record<string, string> = {}) {
    // No SIGKILL 5 s after our signal (execa's default): the clean-up waits for the engine's commit, slow on a loaded machine.
    const child = execa(process.execPath, [BOTTLE_BIN, 'commit', slug, ...args], {env: {...box.env, ...env}, cwd: box.dir, reject: false, forceKillAfterDelay: false})
    let running = true
    void child.finally(() => (running = false))
    return {child, running: () => running}
  }

  /** The guarantee after any fault: the previous artifact still recorded and present, no lock or temp file left, no image of the slug but the recorded ones. */
  async function expectIntact(slug: string, recordedArtifacts: readonly string[]): Promise<void> {
    expect(await recorded(box.stateDir, slug)).toBe(recordedArtifacts.at(-1))
    expect(await leftovers(box.stateDir)).toEqual([])
    expect(await imagesOf(slug, ref)).toEqual([...recordedArtifacts].sort())
  }

  beforeAll(async () => {
    box = await e.sandbox()
  })

  afterAll(async () => {
    await e.removeContainers(...containers)
    for (const container of containers) await e.removeImages(...(await imagesOf(container.slice('bot-bottle-'.length), ref)))
    await box.cleanup()
  })

  describe('interrupting a commit on the real engine', () => {
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      it(`${signal} mid-commit: exit ${code}, the unfinished image removed, state as before, lock released; a retry succeeds`, async () => {
        const {slug, container, first} = await bottleWithCommit(signal.toLowerCase())
        await bulkUp(container, 150, ref)
        const commit = commitProcess(slug)
        expect(await untilCommitting(container, commit.running, ref)).toBe(true)
        commit.child.kill(signal)
        const run = await commit.child
        expect(run.exitCode).toBe(code)
        expect(run.stderr).toMatch(/^bottle: interrupted: bottle\/.* was not kept$/m)
        expect(run.stderr).not.toMatch(/\n\s+at /)
        expect(run.stdout).toBe('')
        await expectIntact(slug, [first])

        const retry = await box.bottle(['commit', slug])
        expect(retry.exitCode).toBe(0)
        await expectIntact(slug, [first, retry.stdout])
      })
    }

    // Podman has no daemon: its client is the engine, and killing it is what a crash of the engine is.
    it(`the ${engineName} client killed mid-commit: exit 5 with the tool failure, any image the engine finished anyway removed, state as before`, async () => {
      const {slug, container, first} = await bottleWithCommit('killtool')
      await bulkUp(container, 150, ref)
      // Through the CLI, whose process is killed: docker's under a context other than default, podman's always.
      const commit = commitProcess(slug, [], await e.cliOnlyEnv(await mkdtemp(join(box.dir, 'cli-'))))
      expect(await untilCommitting(container, commit.running, ref)).toBe(true)
      await execa('pkill', ['-KILL', '-f', `^${engineName} commit --pause=true .*LABEL dev.bottle.slug=${slug} `])
      const run = await commit.child
      expect(run.exitCode).toBe(5)
      expect(run.stderr).toMatch(new RegExp(`^bottle: ${engineName} commit of ${container} failed: `, 'm'))
      await expectIntact(slug, [first])
      // Not left frozen: podman's client paused it, and nothing else would unpause it.
      expect(await e.cli('inspect', '--format', '{{.State.Status}}', container)).toBe('running')
    })

    it('bottle killed outright mid-commit: the next commit takes over the stale lock and succeeds; the orphan is findable by label', async () => {
      const {slug, container, first} = await bottleWithCommit('killbottle')
      await bulkUp(container, 150, ref)
      const commit = commitProcess(slug)
      expect(await untilCommitting(container, commit.running, ref)).toBe(true)
      commit.child.kill('SIGKILL')
      await commit.child
      expect(await recorded(box.stateDir, slug)).toBe(first)
      expect((await readdir(join(box.stateDir, '.locks'))).filter((name) => name.endsWith('.lock'))).toEqual([`${slug}.lock`])

      const retry = await box.bottle(['commit', slug])
      expect(retry.exitCode).toBe(0)
      expect(retry.stderr).toContain(`took over the lock of "${slug}" left by bottle process ${commit.child.pid}, which is gone`)
      expect(await recorded(box.stateDir, slug)).toBe(retry.stdout)
      expect(await leftovers(box.stateDir)).toEqual([])
      // Nothing ran after SIGKILL to remove what the engine went on to make; it carries the slug's label (see docs/reliability.md).
      const orphans = (await imagesOf(slug, ref)).filter((image) => image !== first && image !== retry.stdout)
      expect(orphans.length).toBeLessThanOrEqual(1)
      await e.removeImages(...orphans)
    })
  })

  describe('concurrent commits on the real engine', () => {
    it('two commits of one slug at once: one succeeds, the other fails fast with exit 9 and changes nothing', async () => {
      const {slug, first} = await bottleWithCommit('twice')
      const gate = await commitGate(join(box.dir, 'gate-twice'), engineName)
      const a = box.bottle(['commit', slug], {env: await userConfigWith(box, gate.config)})
      await gate.untilWaiting(a)
      const b = await box.bottle(['commit', slug])
      expect(b.exitCode).toBe(9)
      expect(b.stderr).toMatch(
        new RegExp(`^bottle: bottle "${slug}" is busy: another bottle process \\(pid \\d+ on .*\\) is committing it; wait for it to finish, or re-run with --wait$`),
      )
      expect(b.stdout).toBe('')
      await gate.open()
      const done = await a
      expect(done.exitCode).toBe(0)
      await expectIntact(slug, [first, done.stdout])
    })

    it('with --wait the second commit waits for the first, and both are recorded one after the other', async () => {
      const {slug, first} = await bottleWithCommit('wait')
      const gate = await commitGate(join(box.dir, 'gate-wait'), engineName)
      const a = box.bottle(['commit', slug], {env: await userConfigWith(box, gate.config)})
      await gate.untilWaiting(a)
      const b = commitProcess(slug, ['--wait'])
      await untilLine(b.child, `waiting for bottle process `)
      await gate.open()
      const [doneA, doneB] = await Promise.all([a, b.child])
      expect([doneA.exitCode, doneB.exitCode]).toEqual([0, 0])
      await expectIntact(slug, [first, doneA.stdout, doneB.stdout])
    })

    it('ten different slugs at once all commit, each recorded with its own image', async () => {
      const bottles = await Promise.all(Array.from({length: 10}, (_, i) => e.startContainer(`bot-bottle-${tag}-ten${i}`)))
      containers.push(...bottles)
      const runs = await Promise.all(bottles.map((_, i) => box.bottle(['commit', `${tag}-ten${i}`])))
      expect(runs.map((run) => run.exitCode)).toEqual(Array.from({length: 10}, () => 0))
      for (const [i, run] of runs.entries()) {
        expect(await recorded(box.stateDir, `${tag}-ten${i}`)).toBe(run.stdout)
        expect(await imagesOf(`${tag}-ten${i}`, ref)).toEqual([run.stdout])
      }

      expect(await leftovers(box.stateDir)).toEqual([])
      // Ten CLI start-ups and commits on two cores: 34 s measured while loaded.
    }, 120_000)
  })

  describe('secrets on the real engine', () => {
    const KEY = 'sk-ant-e2e-do-not-leak-0123456789'
    const TOKEN = 'ghp_e2eDoNotLeak987654321'

    it('blanks credential-like environment values in the image, names them, warns about credential files by path, and never shows a value', async () => {
      const slug = `${tag}-secrets`
      const container = await e.startContainer(`bot-bottle-${slug}`, [
        '-e',
        `ANTHROPIC_API_KEY=${KEY}`,
        '-e',
        `GH_TOKEN=${TOKEN}`,
        '-e',
        'MY_CORP_PASS=hunter22',
        '-e',
        'EDITOR=vi',
      ])
      containers.push(container)
      await e.cli(
        'exec',
        container,
        'sh',
        '-c',
        'mkdir -p /root/.aws /root/.config/gh && echo k > /root/.aws/credentials && echo t > /root/.config/gh/hosts.yml && echo n > /root/.netrc',
      )
      const config = await projectWith({secretEnv: ['MY_CORP_*'], secretFiles: ['/etc/corp-token']})
      await e.cli('exec', container, 'sh', '-c', 'echo c > /etc/corp-token')

      const run = await box.bottle(['commit', slug, '--json'], {cwd: config, env: {BOTTLE_DEBUG: '1', ANTHROPIC_API_KEY: KEY}})
      expect(run.exitCode).toBe(0)
      const result = JSON.parse(run.stdout)
      expect(result.warnings).toContain("blanked in the image's environment as they look like secrets: ANTHROPIC_API_KEY, GH_TOKEN, MY_CORP_PASS; set them again when you run it")
      expect(result.warnings).toContainEqual(
        `credential files in ${container} are in the image: /etc/corp-token, /root/.aws/credentials, /root/.config/gh/hosts.yml, /root/.netrc; remove them from the bottle and commit again before sharing the image`,
      )
      const env = JSON.parse(await e.cli('image', 'inspect', '--format', '{{json .Config.Env}}', result.artifact)) as string[]
      expect(env).toEqual(expect.arrayContaining(['ANTHROPIC_API_KEY=', 'GH_TOKEN=', 'MY_CORP_PASS=', 'EDITOR=vi']))
      // What leaves the machine is what save and push carry: every config and layer of the image, scanned whole.
      const saved = join(box.dir, `${slug}.tar`)
      await e.cli('save', '-o', saved, result.artifact)
      const everything = [run.stdout, run.stderr, JSON.stringify(await e.cli('image', 'inspect', result.artifact)), (await readFile(saved)).toString('latin1')]
      for (const file of await readdir(join(box.stateDir, slug))) everything.push(await readFile(join(box.stateDir, slug, file), 'utf8'))
      for (const secret of [KEY, TOKEN, 'hunter22']) expect(everything.join('\n')).not.toContain(secret)
    })

    it('--no-scrub keeps the environment as it is, on purpose, and says so', async () => {
      const slug = `${tag}-noscrub`
      const container = await e.startContainer(`bot-bottle-${slug}`, ['-e', `GH_TOKEN=${TOKEN}`])
      containers.push(container)
      await e.cli('exec', container, 'sh', '-c', 'echo n > /root/.netrc')
      const run = await box.bottle(['commit', slug, '--no-scrub'])
      expect(run.exitCode).toBe(0)
      expect(run.stderr).toContain('warning: --no-scrub: credential-like environment variables and credential files are left in the artifact')
      expect(run.stderr).not.toContain('blanked')
      expect(run.stderr).not.toContain('.netrc')
      expect(await e.cli('image', 'inspect', '--format', '{{json .Config.Env}}', run.stdout)).toContain(`GH_TOKEN=${TOKEN}`)
    })
  })
})
