import {describe, expect, it} from 'vitest'

import {makeSandbox} from '../support/cli.js'
import {PATH_WITH_DOUBLES} from '../support/doubles.js'

describe('bottle backends with the VM backends shipped', () => {
  it('lists docker, macos-container and smolmachines, each with its tool and what commit --live keeps', async () => {
    const box = await makeSandbox()
    try {
      const run = await box.bottle(['backends', '--json'], {env: {PATH: PATH_WITH_DOUBLES}})
      expect(run.exitCode).toBe(0)
      const {backends, problems} = JSON.parse(run.stdout)
      expect(problems).toEqual([])
      expect(backends.map((b: {name: string}) => b.name).sort()).toEqual(['docker', 'macos-container', 'smolmachines'])
      for (const [name, tool, live] of [
        ['macos-container', 'container', {keeps: 'filesystem', since: '1.2.1'}],
        ['smolmachines', 'smolvm', {keeps: 'memory', since: '1.13.1'}],
        ['docker', 'docker', {keeps: 'filesystem'}],
      ] as const) {
        expect(backends).toContainEqual(expect.objectContaining({name, package: `@bottle/plugin-${name}`, source: 'shipped', status: 'ok', tool, live}))
      }

      for (const tool of ['container', 'smolvm']) {
        expect(backends.find((b: {tool: string}) => b.tool === tool).toolPath).toMatch(new RegExp(`/plugins/[a-z-]+/test/double/${tool}$`))
      }
    } finally {
      await box.cleanup()
    }
  })

  it('says in words which backends freeze live, keeping what, from which release', async () => {
    const box = await makeSandbox()
    try {
      const run = await box.bottle(['backends'], {env: {PATH: PATH_WITH_DOUBLES}})
      expect(run.exitCode).toBe(0)
      const block = (name: string) =>
        run.stdout
          .split('\n')
          .slice(run.stdout.split('\n').findIndex((line) => line.startsWith(`${name} `)))
          .slice(0, 4)
          .join('\n')
      expect(block('macos-container')).toContain('live: yes, filesystem only (processes start anew on resume), with container 1.2.1 or later')
      expect(block('smolmachines')).toContain('live: yes, memory and filesystem (processes resume where they were), with smolvm 1.13.1 or later')
      expect(block('docker')).toContain('live: yes, filesystem only (processes start anew on resume)\n')
    } finally {
      await box.cleanup()
    }
  })
})
