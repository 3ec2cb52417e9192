import {execa} from 'execa'
import {readFile, readdir, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BOTTLE_BIN, type Sandbox, makeSandbox} from '../support/cli.js'
import {backendsDeclaring, packPlugin, writePlugin} from '../support/plugins.js'
import {untilWhileRunning} from '../support/until.js'

// An interrupted `plugins install` or `plugins link` changes nothing: npm and the plugin's install script are
// stopped (a signal sent to bottle alone does not reach them), and the data folder is byte for byte as it was.
let box: Sandbox
let marks: string
const exists = (path: string) =>
  readFile(path).then(
    () => true,
    () => false,
  )

/** A plugin whose install script says when it starts and, while `marks/slow` exists, takes 30 s before it says it is done. */
async function slowPlugin(name: string, extra: Record<string, string> = {}): Promise<string> {
  const root = await writePlugin(join(box.dir, 'src'), name, backendsDeclaring(name.replace(/^bottle-backend-/, '')), {
    'freezer.js': "export default {apiVersion: 1, async freeze(ctx) { return 'slow:' + ctx.slug }}",
    ...extra,
  })
  const pjson = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
  pjson.scripts = {postinstall: `touch ${marks}/${name}.started; if [ -f ${marks}/slow ]; then sleep 30; fi; touch ${marks}/${name}.done`}
  await writeFile(join(root, 'package.json'), JSON.stringify(pjson, null, 2))
  return root
}

/** Everything in the data folder that says which plugins there are: its records, byte for byte, and node_modules' entries. */
async function dataFolder(): Promise<Record<string, string | string[]>> {
  const dir = box.env.BOTTLE_DATA_DIR
  const read = (file: string) => readFile(join(dir, file), 'utf8').catch(() => '(none)')
  const list = (sub: string) => readdir(join(dir, sub)).catch(() => [])
  return {
    'package.json': await read('package.json'),
    'package-lock.json': await read('package-lock.json'),
    'node_modules/.package-lock.json': await read('node_modules/.package-lock.json'),
    node_modules: (await list('node_modules')).sort(),
    '.bin': (await list('node_modules/.bin')).sort(),
  }
}

/** Processes still running anything from the plugin's install script. */
async function leftRunning(): Promise<string[]> {
  const {stdout} = await execa('ps', ['-A', '-o', 'pid=,args='])
  return stdout.split('\n').filter((line) => line.includes(marks) && !line.includes(' ps '))
}

beforeAll(async () => {
  box = await makeSandbox()
  marks = join(box.dir, 'marks')
  await execa('mkdir', ['-p', marks])
  // A data folder that already holds a plugin: "as it was" is more than empty.
  const first = await packPlugin(await writePlugin(join(box.dir, 'src'), 'bottle-backend-first', backendsDeclaring('first')))
  const run = await box.bottle(['plugins', 'install', `file:${first}`], {env: {BOTTLE_ALLOW_UNTRUSTED_PLUGINS: '1'}})
  expect(run.exitCode, run.stderr).toBe(0)
}, 120_000)
afterAll(() => box.cleanup())

describe('an interrupted plugin change changes nothing', () => {
  const cases = [
    {command: 'install', signal: 'SIGINT', code: 130},
    {command: 'install', signal: 'SIGTERM', code: 143},
    {command: 'link', signal: 'SIGINT', code: 130},
  ] as const

  for (const {command, signal, code} of cases) {
    it(`plugins ${command}, ${signal} while the install script runs: exit ${code}, npm and the script stopped, the data folder as it was; a retry works`, async () => {
      const name = `bottle-backend-${command}${code}`
      const root =
        command === 'link'
          ? // A lock file makes oclif run npm install in the linked folder, which runs the plugin's own install script.
            await slowPlugin(name, {'package-lock.json': JSON.stringify({name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: {'': {name, version: '1.0.0'}}})})
          : await slowPlugin(name)
      const target = command === 'link' ? root : `file:${await packPlugin(root)}`
      await writeFile(join(marks, 'slow'), '')
      const before = await dataFolder()

      const child = execa(process.execPath, [BOTTLE_BIN, 'plugins', command, target], {env: {...box.env, BOTTLE_ALLOW_UNTRUSTED_PLUGINS: '1'}, cwd: box.dir, reject: false})
      await untilWhileRunning('the install script to start', () => exists(join(marks, `${name}.started`)), child)
      // To bottle alone, as `kill` or a CI timeout sends it: npm is not told.
      child.kill(signal)
      const run = await child
      expect(run.exitCode, run.stderr).toBe(code)
      expect(run.stderr).toContain(`bottle: interrupted: plugins ${command} changed nothing`)
      expect(await dataFolder()).toEqual(before)
      expect(await leftRunning()).toEqual([])
      expect(await exists(join(marks, `${name}.done`))).toBe(false)

      const listed = await box.bottle(['plugins', '--json'])
      expect(JSON.parse(listed.stdout).plugins.map((plugin: {name: string}) => plugin.name)).toEqual(['bottle-backend-first'])

      await rm(join(marks, 'slow'))
      const retry = await box.bottle(['plugins', command, target], {env: {BOTTLE_ALLOW_UNTRUSTED_PLUGINS: '1'}})
      expect(retry.exitCode, retry.stderr).toBe(0)
      expect(await exists(join(marks, `${name}.done`))).toBe(true)
      const uninstall = await box.bottle(['plugins', 'uninstall', name])
      expect(uninstall.exitCode, uninstall.stderr).toBe(0)
    }, 180_000)
  }
})
