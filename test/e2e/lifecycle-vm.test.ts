import {execa} from 'execa'
import {readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {containerDouble, smolvmDouble} from '../support/doubles.js'

const slug = 'demo'
const name = `bot-bottle-${slug}`

/** One VM backend as the tests drive it: a double of its tool in a folder, and the file an agent wrote. */
interface Backend {
  readonly backend: string
  readonly image: string
  double(dir: string): {env: Record<string, string>; calls(): Promise<string[][]>}
  prepare(dir: string): void
  write(dir: string, content: string): void
  read(dir: string): string | undefined
  /** The tool's own stop command, as a user would type it. */
  readonly stop: readonly string[]
  /** The tool's own calls that bring a bottle back from a snapshot. */
  resumeCalls(artifact: string): string[][]
  /** What the bottle is right after `commit --yes` of a running one: container 1.2.1+ freezes it live. */
  readonly afterCommit: 'running' | 'stopped'
}

const backends: Backend[] = [
  {
    backend: 'macos-container',
    image: 'docker.io/library/node:22',
    double: (dir) => containerDouble(dir),
    prepare: (dir) => containerDouble(dir).addImage('docker.io/library/node:22', {'/etc/os-release': 'node image'}),
    write: (dir, content) => containerDouble(dir).writeFile(name, '/workspace/work.txt', content),
    read: (dir) => containerDouble(dir).readFile(name, '/workspace/work.txt'),
    stop: ['container', 'stop', name],
    resumeCalls: (artifact) => [['run', '--name', name, '-d', artifact]],
    afterCommit: 'running',
  },
  {
    backend: 'smolmachines',
    image: 'node:22',
    double: (dir) => smolvmDouble(dir),
    prepare: () => undefined,
    write: (dir, content) => smolvmDouble(dir).writeFile(name, '/root/work.txt', content),
    read: (dir) => smolvmDouble(dir).readFile(name, '/root/work.txt'),
    stop: ['smolvm', 'machine', 'stop', '--name', name],
    resumeCalls: (artifact) => [
      ['machine', 'create', '--name', name, '--from', artifact],
      ['machine', 'start', '--name', name],
    ],
    afterCommit: 'stopped',
  },
]

for (const b of backends) {
  describe(`the bottle lifecycle on the ${b.backend} backend (test double)`, () => {
    let box: Sandbox
    let tool: string
    let env: Record<string, string>
    const json = async (args: string[], sandbox = box, withEnv = env) => {
      const run = await sandbox.bottle([...args, '--json'], {env: withEnv})
      expect(run.exitCode, run.stderr).toBe(0)
      return JSON.parse(run.stdout)
    }

    beforeEach(async () => {
      box = await makeSandbox()
      tool = join(box.dir, 'tool')
      env = b.double(tool).env
      b.prepare(tool)
    })
    afterEach(() => box.cleanup())

    it("launch, write, commit, rm (state kept), resume: the file is back, through the tool's own resume calls", async () => {
      const launched = await json(['launch', slug, '--backend', b.backend, '--image', b.image, '--agent', 'claude', '-e', 'NODE_ENV=dev'])
      expect(launched).toMatchObject({bottleName: name, backend: b.backend, agentName: 'claude', toolVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/)})
      expect((await json(['ls'])).bottles).toEqual([{slug, backend: b.backend, status: 'running', artifact: null, snapshots: 0, preserved: false}])
      b.write(tool, 'agent work')

      const commit = await box.bottle(['commit', slug, '--yes'], {env})
      expect(commit.exitCode, commit.stderr).toBe(0)
      const artifact = commit.stdout
      expect(commit.stderr).toContain(`to resume from this snapshot: bottle resume ${slug}`)
      expect(commit.stderr).toContain(`  bottle export ${slug}\n`)

      // Right after the commit the bottle holds the snapshot: resume starts it again if the commit stopped it.
      expect((await json(['ls'])).bottles[0]).toMatchObject({status: b.afterCommit})
      expect(await json(['resume', slug])).toMatchObject({action: b.afterCommit === 'running' ? 'none' : 'started', artifact})
      expect(b.read(tool)).toBe('agent work')

      const rm = await json(['rm', slug])
      expect(rm).toMatchObject({removed: true, stateKept: true})
      expect((await json(['ls'])).bottles[0]).toMatchObject({status: 'missing', artifact, preserved: true})
      expect(b.read(tool)).toBeUndefined()

      const before = (await b.double(tool).calls()).length
      expect(await json(['resume', slug])).toMatchObject({action: 'launched', artifact})
      expect(b.read(tool)).toBe('agent work')
      const resumeCalls = (await b.double(tool).calls()).slice(before).filter((argv) => !['inspect', 'status', '--version'].includes(argv[0] === 'machine' ? argv[1]! : argv[0]!))
      expect(resumeCalls).toEqual(b.resumeCalls(artifact))
      expect((await json(['ls'])).bottles[0]).toMatchObject({status: 'running'})
      // A launch-to-resume round of CLI runs on the doubles: 42 s measured on two loaded cores.
    }, 120_000)

    it('export, rm --purge, import on another machine, resume: the file is there', async () => {
      await json(['launch', slug, '--backend', b.backend, '--image', b.image])
      b.write(tool, 'agent work')
      const {artifact} = await json(['commit', slug, '--yes'])
      const file = join(box.dir, 'demo.bottle.tgz')
      expect(await json(['export', slug, '-o', file])).toMatchObject({file, import: ['bottle import demo.bottle.tgz', `bottle resume ${slug}`]})

      const purged = await json(['rm', slug, '--purge', '--yes'])
      expect(purged).toMatchObject({stateKept: false, artifactsRemoved: [artifact], artifactsKept: []})
      expect(await readdir(box.stateDir)).toEqual([])

      // Another machine: its own state root and its own tool, nothing but the file.
      const other = await makeSandbox()
      try {
        const otherTool = join(other.dir, 'tool')
        const otherEnv = b.double(otherTool).env
        const imported = await json(['import', file], other, otherEnv)
        expect(imported).toMatchObject({slug, backend: b.backend, resume: `bottle resume ${slug}`})
        expect(await json(['resume', slug], other, otherEnv)).toMatchObject({action: 'launched', artifact: imported.artifact})
        expect(b.read(otherTool)).toBe('agent work')
        expect((await json(['snapshots', slug], other, otherEnv)).snapshots).toEqual([
          expect.objectContaining({artifact: imported.artifact, via: 'import', backend: b.backend, toolVersion: expect.any(String)}),
        ])
      } finally {
        await other.cleanup()
      }
    })

    it('resume with no snapshot starts the stopped bottle, and leaves a running one alone; with the tool absent ls says unknown', async () => {
      await json(['launch', slug, '--backend', b.backend, '--image', b.image])
      await execa(b.stop[0]!, b.stop.slice(1), {env})
      expect((await json(['ls'])).bottles[0]).toMatchObject({status: 'stopped'})
      expect(await json(['resume', slug])).toMatchObject({action: 'started', artifact: null})
      expect((await json(['ls'])).bottles[0]).toMatchObject({status: 'running'})
      expect(await json(['resume', slug])).toMatchObject({action: 'none'})

      const noTool = await json(['ls'], box, {PATH: '/usr/bin:/bin'})
      expect(noTool.bottles).toEqual([expect.objectContaining({slug, status: 'unknown', problem: expect.stringMatching(/not found on PATH$/)})])
    })

    it("commit --keep 1 removes the older snapshot's artifact", async () => {
      await json(['launch', slug, '--backend', b.backend, '--image', b.image])
      const first = await json(['commit', slug, '--yes'])
      await json(['resume', slug, '--replace'])
      const second = await json(['commit', slug, '--yes', '--keep', '1'])
      expect(second.pruned).toMatchObject({removed: [first.artifact], kept: []})
      expect((await json(['snapshots', slug])).snapshots.map((s: {artifact: string}) => s.artifact)).toEqual([second.artifact])
    })
  })
}
