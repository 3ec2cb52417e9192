import {execa} from 'execa'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BOTTLE_BIN, type Sandbox, makeSandbox} from '../support/cli.js'
import {removeContainers, removeImages, startContainer} from '../support/docker.js'

const slug = `prog-${process.pid}`
const images: string[] = []
let box: Sandbox

beforeAll(async () => {
  box = await makeSandbox()
  await startContainer(`bot-bottle-${slug}`)
})
afterAll(async () => {
  await removeContainers(`bot-bottle-${slug}`)
  await removeImages(...images)
  await box.cleanup()
})

/** `bottle commit` with stderr on a pseudo-terminal and stdout to a file, as in `ref=$(bottle commit x)` typed at a shell. */
async function commitOnTerminal(extra: string[] = [], env: Record<string, string> = {}): Promise<{terminal: string; stdout: string}> {
  const out = join(box.dir, `stdout-${images.length}.txt`)
  const command = [process.execPath, BOTTLE_BIN, 'commit', slug, ...extra].map((w) => `'${w}'`).join(' ')
  const run = await execa('script', ['--quiet', '--return', '--command', `${command} > '${out}'`, '/dev/null'], {env: {...box.env, ...env}, reject: false})
  expect(run.exitCode).toBe(0)
  const stdout = await readFile(out, 'utf8')
  images.push(stdout.trim().startsWith('{') ? JSON.parse(stdout).artifact : stdout.trim())
  return {terminal: run.stdout, stdout}
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\r\u001B]/

describe('progress of a commit', () => {
  it('on a terminal: a spinner with the running time per step, each step kept with its duration; stdout untouched', async () => {
    const {terminal, stdout} = await commitOnTerminal()
    expect(stdout).toMatch(new RegExp(`^bottle/${slug}:\\S+\\n$`))
    expect(terminal).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\S* committing bot-bottle-/)
    expect(terminal).toMatch(/✓\S* committing bot-bottle-\S+ to bottle\/\S+ \(\d+\.\ds\)/)
    expect(terminal).toMatch(/✓\S* recording bottle\/\S+ in .* \(\d+\.\ds\)/)
    expect(terminal).toContain('\u001B[32m')
  })

  it('respects NO_COLOR and --no-color', async () => {
    for (const [extra, env] of [
      [[], {NO_COLOR: '1'}],
      [['--no-color'], {}],
    ] as const) {
      const {terminal} = await commitOnTerminal([...extra], env)
      expect(terminal).toMatch(/✓ committing/)
      expect(terminal).not.toMatch(/\u001B\[3\dm/)
    }
  })

  it('with --json on a terminal: plain lines, no spinner, one JSON object on stdout', async () => {
    const {terminal, stdout} = await commitOnTerminal(['--json'])
    expect(JSON.parse(stdout).slug).toBe(slug)
    expect(terminal).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏✓]/)
    expect(terminal).toMatch(/^committing bot-bottle-/m)
  })

  it('without a terminal (a CI log): one plain line per step, no control characters, stdout only the artifact', async () => {
    const run = await box.bottle(['commit', slug])
    expect(run.exitCode).toBe(0)
    images.push(run.stdout)
    expect(run.stdout).toMatch(new RegExp(`^bottle/${slug}:\\S+$`))
    expect(run.stderr).not.toMatch(CONTROL)
    const lines = run.stderr.split('\n')
    expect(lines.filter((l) => l.startsWith('committing '))).toHaveLength(1)
    expect(lines.filter((l) => l.startsWith('recording '))).toHaveLength(1)
  })
})
