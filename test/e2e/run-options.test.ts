import {describe, expect, it} from 'vitest'

import {makeSandbox} from '../support/cli.js'
import {TEST_IMAGE} from '../support/docker.js'
import {writePlugin} from '../support/plugins.js'
import {snapshot} from '../support/snapshot.js'

/**
 * Run options a launch cannot take: malformed for every backend, or not
 * declared by the backend asked. One line, exit 2, nothing launched or
 * written, before any engine is asked (the slug is free on every engine).
 */
const malformed: [flag: string, value: string, form: RegExp][] = [
  ['--volume', 'relative/path', /use SOURCE:TARGET\[:ro\]/],
  ['--volume', './work:relative', /use SOURCE:TARGET/],
  ['--volume', '/a:/b:/c:/d', /use SOURCE:TARGET/],
  ['--volume', 'bad name!:/x', /use SOURCE:TARGET/],
  ['--volume', '/a:/b:r-o', /use SOURCE:TARGET/],
  ['--publish', '80:http', /use \[IP:\]\[HOST_PORT:\]CONTAINER_PORT/],
  ['--publish', '70000:80', /use \[IP:\]/],
  ['--publish', '8080:80/icmp', /use \[IP:\]/],
  ['--publish', '', /use \[IP:\]/],
  ['--network', 'a b', /use a network name/],
  ['--network', '-x', /use a network name/],
  ['--user', 'root; id', /use USER\[:GROUP\]/],
  ['--user', 'a:b:c', /use USER\[:GROUP\]/],
  ['--workdir', 'work', /use an absolute path in the bottle/],
  ['--ulimit', 'nofile', /use NAME=SOFT\[:HARD\]/],
  ['--ulimit', 'files=10', /use NAME=SOFT\[:HARD\] with NAME one of /],
  ['--ulimit', 'nofile=2048:1024', /use NAME=SOFT\[:HARD\]/],
  ['--ulimit', 'nofile=a:b', /use NAME=SOFT\[:HARD\]/],
  ['--cpus', '0', /use a positive number of CPUs/],
  ['--cpus', '-1', /use a positive number of CPUs/],
  ['--cpus', 'two', /use a positive number of CPUs/],
  ['--memory', '2gb', /use a size with an optional unit/],
  ['--memory', '0', /use a size with an optional unit/],
  ['--label', 'novalue', /use KEY=VALUE/],
  ['--label', 'dev.bottle.slug=other', /use KEY=VALUE \(not dev\.bottle\.\*/],
]

describe.concurrent('run options bad input: one line, exit 2, nothing launched or written', () => {
  for (const [flag, value, form] of malformed) {
    it(`${flag} ${JSON.stringify(value)}`, async () => {
      const box = await makeSandbox()
      try {
        const before = await snapshot(box.dir)
        const run = await box.bottle(['launch', 'ro-bad', '--image', TEST_IMAGE, `${flag}=${value}`])
        expect(run.stderr).toMatch(new RegExp(`^bottle: invalid ${flag} ${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `))
        expect(run.stderr).toMatch(form)
        expect(run.stderr.split('\n')).toHaveLength(1)
        expect([run.exitCode, run.stdout]).toEqual([2, ''])
        expect(await snapshot(box.dir)).toEqual(before)
      } finally {
        await box.cleanup()
      }
    })
  }

  for (const backend of ['macos-container', 'smolmachines']) {
    it(`${backend} refuses the run options it does not declare, naming the flag, before its tool is needed`, async () => {
      const box = await makeSandbox()
      try {
        const before = await snapshot(box.dir)
        const run = await box.bottle(['launch', 'ro-vm', '--backend', backend, '--image', 'x', '-p', '8080:80'])
        expect(run.stderr).toBe(`bottle: the ${backend} backend does not take --publish (it takes no run options); launch without it`)
        expect([run.exitCode, run.stdout]).toEqual([2, ''])
        expect(await snapshot(box.dir)).toEqual(before)
      } finally {
        await box.cleanup()
      }
    })
  }

  it('a backend that declares some run options names those it takes when refusing another', async () => {
    const box = await makeSandbox()
    try {
      const declaration = {apiVersion: 1, backends: {partial: {freezer: './freezer.js', lifecycle: './lifecycle.js', capabilities: ['run-volume', 'run-user']}}}
      const root = await writePlugin(`${box.dir}/plugins`, 'partial', declaration, {
        'freezer.js': 'export default {apiVersion: 1, async freeze() { return "x" }}',
        'lifecycle.js': 'export default {apiVersion: 1}',
      })
      expect((await box.bottle(['plugins', 'link', root, '--no-install'])).exitCode).toBe(0)
      const run = await box.bottle(['launch', 'ro-partial', '--backend', 'partial', '--image', 'x', '--memory', '1g'])
      expect(run.stderr).toBe('bottle: the partial backend does not take --memory (it takes --volume, --user); launch without it')
      expect(run.exitCode).toBe(2)
    } finally {
      await box.cleanup()
    }
  })

  it('bottle backends shows the run options each backend takes', async () => {
    const box = await makeSandbox()
    try {
      const {backends} = JSON.parse((await box.bottle(['backends', '--json'])).stdout)
      const byName = Object.fromEntries(backends.map((b: {name: string}) => [b.name, b]))
      expect(byName.docker.runOptions).toEqual(['--volume', '--publish', '--network', '--user', '--workdir', '--ulimit', '--cpus', '--memory', '--label'])
      expect(byName['macos-container'].runOptions).toEqual([])
      expect(byName.smolmachines.runOptions).toEqual([])
      const table = (await box.bottle(['backends'])).stdout
      expect(table).toMatch(/^docker .*\n.*\n\s+launch takes: --volume, --publish, --network, --user, --workdir, --ulimit, --cpus, --memory, --label$/m)
      expect(table).toMatch(/^smolmachines .*\n.*\n\s+launch takes: no run options$/m)
    } finally {
      await box.cleanup()
    }
  })
})
