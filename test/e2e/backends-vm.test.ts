import {describe, expect, it} from 'vitest'

import {makeSandbox} from '../support/cli.js'
import {PATH_WITH_DOUBLES} from '../support/doubles.js'

describe('bottle backends with the VM backends shipped', () => {
  it('lists docker, macos-container and smolmachines, each with its tool', async () => {
    const box = await makeSandbox()
    try {
      const run = await box.bottle(['backends', '--json'], {env: {PATH: PATH_WITH_DOUBLES}})
      expect(run.exitCode).toBe(0)
      const {backends, problems} = JSON.parse(run.stdout)
      expect(problems).toEqual([])
      expect(backends.map((b: {name: string}) => b.name).sort()).toEqual(['docker', 'macos-container', 'smolmachines'])
      for (const [name, tool] of [
        ['macos-container', 'container'],
        ['smolmachines', 'smolvm'],
      ]) {
        expect(backends).toContainEqual(
          expect.objectContaining({name, package: `@bottle/plugin-${name}`, source: 'shipped', status: 'ok', tool, toolPath: expect.stringMatching(new RegExp(`/test/doubles/${tool}/${tool}$`))}),
        )
      }
    } finally {
      await box.cleanup()
    }
  })
})
