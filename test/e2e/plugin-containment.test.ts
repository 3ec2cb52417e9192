import {mkdir, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {leftovers} from '../support/leaks.js'
import {writePlugin} from '../support/plugins.js'

/** Freezers that misbehave, one backend each: what a buggy or hostile plugin can do to the host. */
const FREEZERS: Record<string, string> = {
  'throw-null': 'throw null',
  'throw-undefined': 'throw undefined',
  'throw-string': "throw 'it broke'",
  'throw-number': 'throw 42',
  'throw-bare-object': 'throw Object.create(null)',
  'throw-getter': "throw {get message() { throw new Error('no') }, get code() { throw new Error('no') }}",
  'throw-error': "throw new TypeError('cannot read x of undefined\\n    at freeze (freezer.js:1:1)')",
  'throw-control': "throw new Error('bad \\u001b[31mred\\u0007 news')",
  hang: 'return new Promise(() => {})',
  'lines-artifact': "return 'ref\\nsecond line'",
  'control-artifact': "return 'ref\\u0007bell'",
  'spaced-artifact': "return ' ref '",
  'object-artifact': "return {ref: 'x'}",
  chatty: "console.log('chatter on stdout'); process.stdout.write('more chatter\\n'); return 'chatty:' + ctx.slug",
}

/** Whole modules, for what goes wrong outside freeze(). */
const MODULES: Record<string, string> = {
  'schema-null': "export default {apiVersion: 1, optionsSchema: {'~standard': {version: 1, vendor: 'x', validate() { throw null }}}, async freeze() { return 'x' }}",
  'hint-null': "export default {apiVersion: 1, async freeze(ctx) { return 'hint:' + ctx.slug }, exportHint() { throw null }}",
}

/** What each misbehaviour is reported as: one `bottle:` line, the code and exit code that documents it. */
const EXPECTED: Record<string, RegExp> = {
  'throw-null': /^backend "throw-null": freeze\(\) failed: it threw null, not an Error$/,
  'throw-undefined': /^backend "throw-undefined": freeze\(\) failed: it threw undefined, not an Error$/,
  'throw-string': /^backend "throw-string": freeze\(\) failed: it threw "it broke", not an Error$/,
  'throw-number': /^backend "throw-number": freeze\(\) failed: it threw 42, not an Error$/,
  'throw-bare-object': /^backend "throw-bare-object": freeze\(\) failed: it threw .*, not an Error$/,
  'throw-getter': /^backend "throw-getter": freeze\(\) failed: it threw .*, not an Error$/,
  'throw-error': /^backend "throw-error": freeze\(\) failed: cannot read x of undefined$/,
  'throw-control': /^backend "throw-control": freeze\(\) failed: bad {2}\[31mred {2}news$/,
  hang: /^backend "hang": freeze\(\) never finished: its promise never settled and it had nothing left to run$/,
  'lines-artifact':
    /^backend "lines-artifact" returned an unusable artifact reference from freeze\(\): "ref\\nsecond line" \(it must be one line, without control characters or surrounding space\); it was not recorded$/,
  'control-artifact': /^backend "control-artifact" returned an unusable artifact reference from freeze\(\): "ref\\u0007bell" /,
  'spaced-artifact': /^backend "spaced-artifact" returned an unusable artifact reference from freeze\(\): " ref " /,
  'object-artifact': /^backend "object-artifact" returned no artifact reference from freeze\(\)$/,
  'schema-null': /^backend "schema-null": optionsSchema\.validate\(\) failed: it threw null, not an Error$/,
}

let box: Sandbox

beforeAll(async () => {
  box = await makeSandbox()
  const modules = {...Object.fromEntries(Object.entries(FREEZERS).map(([name, body]) => [name, `export default {apiVersion: 1, async freeze(ctx) { ${body} }}`])), ...MODULES}
  const files = Object.fromEntries(Object.entries(modules).map(([name, text]) => [`${name}.js`, text]))
  const backends = Object.fromEntries(Object.keys(modules).map((name) => [name, {freezer: `./${name}.js`}]))
  const root = await writePlugin(box.dir, 'bottle-backend-misfits', {apiVersion: 1, backends}, files)
  const link = await box.bottle(['plugins', 'link', root, '--no-install'])
  expect(link.exitCode, link.stderr).toBe(0)
  for (const name of Object.keys(modules)) {
    await mkdir(join(box.stateDir, name), {recursive: true})
    await writeFile(join(box.stateDir, name, 'metadata.json'), JSON.stringify({backend: name}))
  }
})

afterAll(async () => {
  await box.cleanup()
})

describe('a misbehaving plugin is contained', () => {
  for (const [name, message] of Object.entries(EXPECTED)) {
    it(`${name}: one bottle: line, exit 3, a --json error, nothing recorded, no lock left`, async () => {
      const run = await box.bottle(['commit', name])
      expect(run.exitCode).toBe(3)
      expect(run.stdout).toBe('')
      const lines = run.stderr.split('\n').filter((line) => line.startsWith('bottle: '))
      expect(lines).toHaveLength(1)
      expect(lines[0]!.slice('bottle: '.length)).toMatch(message)
      expect(run.stderr).not.toMatch(/\n\s+at /)

      const json = await box.bottle(['commit', name, '--json'])
      expect(json.exitCode).toBe(3)
      expect(JSON.parse(json.stdout).error).toMatchObject({code: 'BOTTLE_BACKEND_UNAVAILABLE', exitCode: 3, message: expect.stringMatching(message)})
      expect(await readdir(join(box.stateDir, name))).toEqual(['metadata.json'])
      expect(await leftovers(box.stateDir)).toEqual([])
    })
  }

  it('an exportHint() that throws null after the commit is recorded: the commit succeeds, with a warning', async () => {
    const run = await box.bottle(['commit', 'hint-null'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toBe('hint:hint-null')
    expect(run.stderr).toContain('warning: no export hint: null')
  })

  it("a plugin's console.log goes to stderr: stdout carries only the artifact, and --json stays one JSON document", async () => {
    const run = await box.bottle(['commit', 'chatty'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toBe('chatty:chatty')
    expect(run.stderr).toContain('chatter on stdout\nmore chatter')
    const json = await box.bottle(['commit', 'chatty', '--json'])
    expect(json.exitCode).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({artifact: 'chatty:chatty'})
  })
})
