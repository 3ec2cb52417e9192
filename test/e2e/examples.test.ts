import {execa} from 'execa'
import {chmod, mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {REPO_ROOT, type Sandbox, bottleOnPath, makeSandbox} from '../support/cli.js'
import {TEST_IMAGE, docker, removeContainers, removeImages} from '../support/docker.js'

/**
 * Every example bottle shows (each command's examples, as `bottle help`
 * renders them) and every command in docs/commands.md, run as written in a
 * shell, in a sandbox set up with what the example needs: a bottle on the
 * real Docker engine, an export file, a pushed image. The commands of
 * @oclif/plugin-plugins (`plugins install ...`) are that plugin's and install
 * from npm: they are not bottle's examples.
 */

interface Reference {
  readonly id: string
  readonly plugin: string
  readonly examples: readonly {description?: string; command: string}[]
}

async function collect(): Promise<{fromHelp: string[]; fromDocs: string[]}> {
  const box = await makeSandbox()
  try {
    const {commands} = JSON.parse((await box.bottle(['help', '--json'])).stdout) as {commands: Reference[]}
    const fromHelp = commands.filter((c) => c.plugin === '@bottle/cli').flatMap((c) => c.examples.map((e) => e.command))
    const doc = await readFile(join(REPO_ROOT, 'docs', 'commands.md'), 'utf8')
    const fromDocs = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n').filter((line) => line !== '' && !line.startsWith('#')))
    return {fromHelp, fromDocs}
  } finally {
    await box.cleanup()
  }
}

const {fromHelp, fromDocs} = await collect()
const EXAMPLES = [...new Set([...fromHelp, ...fromDocs])]

/** What the examples name that this machine lacks: a node image (the test image under that name). */
const EXAMPLE_IMAGE = 'node:22'
const PUSHED = 'localhost:5000/bottles/demo:latest'
let taggedImage = false

beforeAll(async () => {
  taggedImage = (await execa('docker', ['image', 'inspect', EXAMPLE_IMAGE], {reject: false})).exitCode !== 0
  if (taggedImage) await docker('tag', TEST_IMAGE, EXAMPLE_IMAGE)
})

afterAll(async () => {
  await removeImages(...(taggedImage ? [EXAMPLE_IMAGE] : []), PUSHED)
})

/** One example's world: this machine, and the other host that `ssh other-host` reaches (a state root and prefix of its own). */
interface World {
  readonly box: Sandbox
  readonly other: Sandbox
  readonly env: Record<string, string>
}

let worlds = 0

async function makeWorld(): Promise<World> {
  const n = ++worlds
  const [box, other] = await Promise.all([makeSandbox(), makeSandbox()])
  // Snapshot names of this world's own (both hosts alike, so an export imports): worlds run at once, each with a bottle demo.
  const backends = {docker: {tagScheme: `bottle/ex${process.pid}-${n}-{slug}:{timestamp}`}}
  for (const [sandbox, prefix] of [
    [box, `ex${process.pid}-${n}-`],
    [other, `ex${process.pid}-${n}o-`],
  ] as const) {
    await mkdir(sandbox.env.BOTTLE_CONFIG_DIR, {recursive: true})
    await writeFile(join(sandbox.env.BOTTLE_CONFIG_DIR, 'config.json'), JSON.stringify({prefix, backends}))
  }

  const PATH = await bottleOnPath(box)
  // ssh HOST COMMAND...: runs COMMAND as on the other host, whose bottle has its own state root and config.
  const ssh = join(box.dir, 'bin', 'ssh')
  await writeFile(ssh, `#!/bin/sh\nshift\nBOTTLE_STATE_DIR="${other.env.BOTTLE_STATE_DIR}" BOTTLE_CONFIG_DIR="${other.env.BOTTLE_CONFIG_DIR}" exec "$@"\n`)
  await chmod(ssh, 0o755)
  return {box, other, env: {...box.env, HOME: box.dir, PATH}}
}

async function dropWorld(world: World): Promise<void> {
  const names = (await docker('ps', '-a', '--filter', `name=ex${process.pid}-`, '--format', '{{.Names}}')).split('\n')
  const prefixes = await Promise.all([world.box, world.other].map(async (s) => JSON.parse(await readFile(join(s.env.BOTTLE_CONFIG_DIR!, 'config.json'), 'utf8')).prefix as string))
  await removeContainers(...names.filter((name) => prefixes.some((prefix) => name.startsWith(prefix))))
  await removeImages(...(await artifacts(world.box.stateDir)), ...(await artifacts(world.other.stateDir)))
  await Promise.all([world.box.cleanup(), world.other.cleanup()])
}

async function artifacts(stateRoot: string): Promise<string[]> {
  const slugs = await readdir(stateRoot).catch(() => [])
  const histories = await Promise.all(slugs.map((slug) => readFile(join(stateRoot, slug, 'history.json'), 'utf8').then(JSON.parse, () => [])))
  return histories.flat().map((snapshot: {artifact: string}) => snapshot.artifact)
}

async function bottle(sandbox: Sandbox, args: string[]): Promise<string> {
  const run = await sandbox.bottle(args)
  expect(run.exitCode, `setting up: bottle ${args.join(' ')}: ${run.stderr}`).toBe(0)
  return run.stdout
}

const running = (sandbox: Sandbox, slug = 'demo') => bottle(sandbox, ['launch', slug, '--image', TEST_IMAGE, '--', 'sleep', '100000'])
const committed = async (sandbox: Sandbox) => {
  await running(sandbox)
  await bottle(sandbox, ['commit', 'demo'])
}

/** What each example needs, the first that matches; anything else needs nothing. */
const SCENES: readonly (readonly [RegExp, (world: World) => Promise<unknown>])[] = [
  [/^bottle launch /, async () => undefined],
  // Made on the other host, imported here.
  [
    /^bottle import /,
    async ({box, other}) => {
      await committed(other)
      await bottle(other, ['export', 'demo', '-o', join(box.dir, 'demo.bottle.tgz')])
    },
  ],
  // Pushed from the other host; this one has no state for it.
  [
    / --from /,
    async ({other}) => {
      await committed(other)
      await bottle(other, ['export', 'demo', '--push', PUSHED])
    },
  ],
  // A cloned project's config, with a key that needs trust.
  [/^bottle config (trust|untrust)\b/, async ({box}) => writeFile(join(box.dir, '.bottlerc.json'), JSON.stringify({backends: {docker: {binary: 'docker'}}}))],
  [/^bottle rm demo demo2 --force$/, async ({box}) => Promise.all([running(box), running(box, 'demo2')])],
  [
    /tail -n 1/,
    async ({box}) => {
      await committed(box)
      await bottle(box, ['commit', 'demo'])
    },
  ],
  [/^(ref=\$\()?bottle (commit|ls|snapshots|export|resume|rm)\b/, async ({box}) => committed(box)],
]

function shellFor(example: string): [string, string[]] {
  if (/completion zsh/.test(example)) return ['zsh', ['-f', '-c', example]]
  if (/completion fish/.test(example)) return ['fish', ['--no-config', '-c', example]]
  return ['bash', ['-o', 'pipefail', '-c', example]]
}

describe('every example works as written', () => {
  it('docs/commands.md and bottle help show the same examples, word for word', () => {
    expect(fromHelp.length).toBeGreaterThan(20)
    expect([...new Set(fromDocs)].sort()).toEqual([...new Set(fromHelp)].sort())
  })

  it('docs/commands.md is what pnpm docs generates now', async () => {
    const check = await execa(process.execPath, [join(REPO_ROOT, 'scripts', 'gen-commands-doc.mjs'), '--check'], {reject: false})
    expect(check.exitCode, check.stderr).toBe(0)
  })

  describe.concurrent('each example', () => {
    for (const example of EXAMPLES) {
      it(example, {timeout: 600_000}, async () => {
        const world = await makeWorld()
        try {
          await SCENES.find(([pattern]) => pattern.test(example))?.[1](world)
          const [shell, args] = shellFor(example)
          const run = await execa(shell, args, {cwd: world.box.dir, env: world.env, reject: false, input: ''})
          expect(run.exitCode, `${example}\n${run.stderr}`).toBe(0)
          expect(run.stderr).not.toMatch(/^\s+at /m)
        } finally {
          await dropWorld(world)
        }
      })
    }
  })
})
