import {access, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {containerDouble, smolvmDouble, writeBottleMetadata} from '../support/doubles.js'
import {bottleOnTerminal} from '../support/terminal.js'

const slug = 'demo'
const name = `bot-bottle-${slug}`

/** The two backends that must stop a bottle before freezing it (container before 1.2.1), each with its double set up. */
const backends = [
  {
    backend: 'macos-container',
    double(dir: string) {
      const double = containerDouble(dir, '1.2.0')
      return {env: double.env, calls: double.calls, state: () => double.containerState(name), addRunning: () => double.addContainer({id: name, state: 'running'})}
    },
  },
  {
    backend: 'smolmachines',
    double(dir: string) {
      const double = smolvmDouble(dir)
      return {env: double.env, calls: double.calls, state: () => double.machineState(name), addRunning: () => double.addMachine({name, state: 'running'})}
    },
  },
]

describe.each(backends)('stopping a running $backend bottle to commit it', ({backend, double: makeDouble}) => {
  let box: Sandbox
  let double: ReturnType<typeof makeDouble>
  const stateDir = () => join(box.stateDir, slug)

  beforeEach(async () => {
    box = await makeSandbox()
    double = makeDouble(join(box.dir, 'double'))
    await writeBottleMetadata(box.stateDir, slug, backend)
    await double.addRunning()
  })

  afterEach(() => box.cleanup())

  /** Only the metadata written at launch: no commit record, not marked preserved, no pack. */
  async function expectNothingWritten(): Promise<void> {
    expect(await readdir(stateDir())).toEqual(['metadata.json'])
    expect(double.state()).toBe('running')
  }

  it('stops it without asking with --yes, and commits', async () => {
    const run = await box.bottle(['commit', slug, '--yes'], {env: double.env})
    expect(run.stderr).toContain(`stopping ${name}`)
    expect(run.exitCode).toBe(0)
    expect(double.state()).toBe('stopped')
    expect(await readdir(stateDir())).toEqual(expect.arrayContaining(['committed.json', 'preserved']))
  })

  it('fails with exit 7 naming --yes when there is no terminal to ask on, and stops nothing', async () => {
    const run = await box.bottle(['commit', slug], {env: double.env})
    expect(run.exitCode).toBe(7)
    expect(run.stderr).toBe(`bottle: Stop the running bottle ${name} so that it can be committed: no terminal to ask on; re-run with --yes to agree`)
    expect(run.stdout).toBe('')
    // Only questions were put to the tool (its state, its version, its verbs): nothing that stops or changes the bottle.
    const calls = await double.calls()
    const questions = calls.filter((argv) => argv[0] === 'inspect' || argv.join(' ').startsWith('machine status') || argv[0] === '--version' || argv.includes('--help'))
    expect(calls).toEqual(questions)
    expect(questions.length).toBeGreaterThan(0)
    expect(double.state()).toBe('running')
    await expectNothingWritten()
  })

  it('reports the same failure as JSON with --json', async () => {
    const run = await box.bottle(['commit', slug, '--json'], {env: double.env})
    expect(run.exitCode).toBe(7)
    expect(JSON.parse(run.stdout)).toEqual({error: {code: 'BOTTLE_CONFIRMATION_REQUIRED', message: expect.stringContaining('--yes'), exitCode: 7}})
    await expectNothingWritten()
  })

  it('cancels on a terminal when the user answers n: exit 0, nothing stopped or written', async () => {
    const run = await bottleOnTerminal(box, ['commit', slug], {env: double.env, answer: 'n'})
    expect(run.output).toContain(`Stop the running bottle ${name} so that it can be committed? [y/N]`)
    expect(run.output).toContain(`commit cancelled: ${name} was left running; nothing was stopped or written`)
    expect(run.exitCode).toBe(0)
    await expectNothingWritten()
  })

  it('takes a bare Enter on a terminal as no', async () => {
    const run = await bottleOnTerminal(box, ['commit', slug], {env: double.env, answer: ''})
    expect(run.output).toContain('commit cancelled')
    expect(run.exitCode).toBe(0)
    await expectNothingWritten()
  })

  it('stops and commits on a terminal when the user answers y', async () => {
    const run = await bottleOnTerminal(box, ['commit', slug], {env: double.env, answer: 'y'})
    expect(run.output).toContain(`stopping ${name}`)
    expect(run.output).toContain(`to resume from this snapshot: bottle resume ${slug}`)
    expect(run.exitCode).toBe(0)
    expect(double.state()).toBe('stopped')
    await access(join(stateDir(), 'committed.json'))
    await access(join(stateDir(), 'preserved'))
  })
})
