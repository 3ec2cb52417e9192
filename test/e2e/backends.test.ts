import {describe, expect, it} from 'vitest'

import {makeSandbox} from '../support/cli.js'

describe('bottle backends', () => {
  it('lists the shipped docker backend with its package, source and tool', async () => {
    const box = await makeSandbox()
    try {
      const run = await box.bottle(['backends', '--json'])
      expect(run.exitCode).toBe(0)
      const {backends, problems} = JSON.parse(run.stdout)
      expect(problems).toEqual([])
      expect(backends).toContainEqual(
        expect.objectContaining({name: 'docker', package: '@bottle/plugin-docker', source: 'shipped', status: 'ok', tool: 'docker', toolPath: expect.stringMatching(/\/docker$/)}),
      )

      const table = await box.bottle(['backends'])
      expect(table.stdout).toMatch(/^docker\s+ok\s+@bottle\/plugin-docker@\S+\s+shipped\s+docker: \//m)
    } finally {
      await box.cleanup()
    }
  })

  it('says when a backend tool is not on PATH', async () => {
    const box = await makeSandbox()
    try {
      const run = await box.bottle(['backends', '--json'], {env: {PATH: '/nonexistent'}})
      const docker = JSON.parse(run.stdout).backends.find((b: {name: string}) => b.name === 'docker')
      expect(docker.toolPath).toBeNull()
    } finally {
      await box.cleanup()
    }
  })
})
