import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {TEST_IMAGE, removeContainers, removeImages, startContainer} from '../support/docker.js'
import {bottleOnTerminal} from '../support/terminal.js'

// A prefix of this run's own: the engine is shared, and ls --all lists by prefix.
const prefix = `lst${process.pid}-`
const slug = `alpha-${process.pid}`
let box: Sandbox
let artifacts: string[] = []

beforeAll(async () => {
  box = await makeSandbox()
  await mkdir(box.env.BOTTLE_CONFIG_DIR, {recursive: true})
  await writeFile(join(box.env.BOTTLE_CONFIG_DIR, 'config.json'), JSON.stringify({prefix}))
  expect((await box.bottle(['launch', slug, '--image', TEST_IMAGE, '--', 'sleep', '100000'])).exitCode).toBe(0)
  for (let i = 0; i < 2; i++) artifacts.push((await box.bottle(['commit', slug])).stdout)
  artifacts = artifacts.reverse()
  // Made by hand: the engine has it, the state root does not.
  await startContainer(`${prefix}orphan`)
})

afterAll(async () => {
  await removeContainers(`${prefix}${slug}`, `${prefix}orphan`)
  await removeImages(...artifacts)
  await box.cleanup()
})

const lines = (text: string) => text.split('\n').filter(Boolean)

describe('ls and snapshots', () => {
  it('in a pipe: one tab-separated line per bottle, no header, whole values; ps is ls', async () => {
    const ls = await box.bottle(['ls'])
    expect(ls.exitCode, ls.stderr).toBe(0)
    expect(lines(ls.stdout)).toEqual([[slug, 'docker', 'running', '2', artifacts[0], 'preserved'].join('\t')])
    expect((await box.bottle(['ps'])).stdout).toBe(ls.stdout)
    const snapshots = await box.bottle(['snapshots', slug])
    expect(lines(snapshots.stdout).map((line) => line.split('\t')[0])).toEqual(artifacts)
  })

  it('on a terminal: headers, and columns cut with … to fit its width unless --no-trunc', async () => {
    const fitted = await bottleOnTerminal(box, ['ls'], {columns: 80})
    const [header, row] = lines(fitted.output)
    expect(header).toMatch(/^SLUG +BACKEND +STATUS +SNAPSHOTS +NEWEST SNAPSHOT +NOTES$/)
    expect(row).toMatch(new RegExp(`^${slug} +docker +running +2 +bottle/\\S+… +preserved$`))
    for (const line of lines(fitted.output)) expect(line.length).toBeLessThanOrEqual(80)
    // Narrower still: every column gives way, and no line overflows.
    const narrow = await bottleOnTerminal(box, ['ls'], {columns: 50})
    for (const line of lines(narrow.output)) expect(line.length).toBeLessThanOrEqual(50)
    const whole = await bottleOnTerminal(box, ['ls', '--no-trunc'], {columns: 60})
    expect(whole.output).toContain(artifacts[0])
    expect(whole.output).not.toContain('…')

    const snapshots = await bottleOnTerminal(box, ['snapshots', slug], {columns: 200})
    expect(lines(snapshots.output)[0]).toMatch(/^SNAPSHOT +CREATED \(UTC\) +VIA +BACKEND +TOOL +ARCH$/)
    expect(
      lines(snapshots.output)
        .slice(1)
        .map((line) => line.split(/ +/)[0]),
    ).toEqual(artifacts)
  })

  it('-q: bare slugs and references, one per line', async () => {
    expect((await box.bottle(['ls', '-q'])).stdout).toBe(slug)
    expect(lines((await box.bottle(['snapshots', slug, '-q'])).stdout)).toEqual(artifacts)
  })

  it('--format: json lines, a table with headers in a pipe, a template; an unknown field is exit 2 before any output', async () => {
    const json = await box.bottle(['ls', '--format', 'json'])
    expect(lines(json.stdout).map((line) => JSON.parse(line))).toEqual([expect.objectContaining({slug, status: 'running', snapshots: 2, state: true})])
    const table = await box.bottle(['ls', '--format', 'table'])
    expect(lines(table.stdout)[0]).toMatch(/^SLUG +BACKEND/)
    const template = await box.bottle(['ls', '--format', '{{.Slug}}\\t{{.status}} {{json .Preserved}}'])
    expect(template.stdout).toBe(`${slug}\trunning true`)
    expect((await box.bottle(['snapshots', slug, '--format', '{{.Artifact}} {{.Via}}'])).stdout).toBe(artifacts.map((a) => `${a} commit`).join('\n'))
    const bad = await box.bottle(['ls', '--format', '{{.Nope}}'])
    expect(bad.exitCode).toBe(2)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toMatch(/^bottle: --format: there is no field \.Nope; the fields are \{\{\.Slug\}\}/)
    expect((await box.bottle(['ls', '-q', '--format', 'json'])).exitCode).toBe(2)
  })

  it('--all also shows <prefix>* bottles the engine has without state; --json says state: false', async () => {
    expect((await box.bottle(['ls', '-q'])).stdout).toBe(slug)
    const all = await box.bottle(['ls', '--all'])
    expect(lines(all.stdout)).toContain(['orphan', 'docker', 'running', '0', '-', 'no state'].join('\t'))
    const json = JSON.parse((await box.bottle(['ls', '-a', '--json'])).stdout)
    expect(json.bottles).toEqual([
      expect.objectContaining({slug, state: true}),
      {slug: 'orphan', backend: 'docker', status: 'running', artifact: null, snapshots: 0, preserved: false, state: false},
    ])
  })

  it('a value with a tab, a control character or a secret passes the output boundary: masked, escaped, one line and its own columns', async () => {
    const hostile = await makeSandbox()
    try {
      // A state folder is anyone's to write: its backend name is shown in the listing and its reason.
      await mkdir(join(hostile.stateDir, 'evil'), {recursive: true})
      await writeFile(join(hostile.stateDir, 'evil', 'metadata.json'), JSON.stringify({backend: 'x\ty\u001b[2J\nAPI_TOKEN=sk-abcdef123'}))
      const plain = await hostile.bottle(['ls'])
      expect(lines(plain.stdout)).toHaveLength(1)
      expect(plain.stdout.split('\t')).toHaveLength(6)
      expect(plain.stdout.split('\t')[1]).toBe('x\\x09y\\x1b[2J\\x0aAPI_TOKEN=***')
      const template = await hostile.bottle(['ls', '--format', '{{.Slug}}\\t{{.Backend}}'])
      expect(template.stdout).toBe('evil\tx\\x09y\\x1b[2J\\x0aAPI_TOKEN=***')
      const json = await hostile.bottle(['ls', '--format', 'json'])
      expect(JSON.parse(json.stdout).backend).toBe('x\ty\u001b[2J\nAPI_TOKEN=***')
      for (const run of [plain, template, json]) expect(run.stdout).not.toMatch(/sk-abcdef123|\u001b/)
    } finally {
      await hostile.cleanup()
    }
  })
})
