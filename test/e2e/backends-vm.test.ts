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
      // A backend's lines: its header, then the indented lines under it.
      const lines = run.stdout.split('\n')
      const liveLine = (name: string) => {
        const start = lines.findIndex((line) => line.startsWith(`${name} `))
        const end = lines.findIndex((line, i) => i > start && !line.startsWith(' '))
        return lines
          .slice(start, end === -1 ? undefined : end)
          .find((line) => line.trim().startsWith('live:'))
          ?.trim()
      }

      expect(liveLine('macos-container')).toBe('live: yes, filesystem only (processes start anew on resume), with container 1.2.1 or later')
      expect(liveLine('smolmachines')).toBe('live: yes, memory and filesystem (processes resume where they were), with smolvm 1.13.1 or later')
      expect(liveLine('docker')).toBe('live: yes, filesystem only (processes start anew on resume)')
    } finally {
      await box.cleanup()
    }
  })
})
