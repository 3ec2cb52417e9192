import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {loadConfig} from '../../src/config/load-config.js'
import {tempDir} from '../fixtures.js'

async function setup(files: Record<string, string>): Promise<{root: string; env: NodeJS.ProcessEnv; cwd: string}> {
  const root = await tempDir()
  for (const [file, content] of Object.entries(files)) {
    await mkdir(join(root, file, '..'), {recursive: true})
    await writeFile(join(root, file), content)
  }

  const cwd = join(root, 'project', 'sub', 'dir')
  await mkdir(cwd, {recursive: true})
  return {root, env: {BOTTLE_CONFIG_DIR: join(root, 'user')}, cwd}
}

describe('loadConfig', () => {
  it('gives the defaults when there is no config file', async () => {
    const {env, cwd} = await setup({'project/package.json': '{}'})
    expect(await loadConfig(cwd, env)).toEqual({
      stateDir: undefined,
      prefix: 'bot-bottle-',
      backendPlugins: {},
      trustedPlugins: [],
      backends: {},
      backendSources: {},
      files: [],
    })
  })

  it('merges the user config with the project config found from the working directory up: the project winning, secret lists adding up', async () => {
    const {root, env, cwd} = await setup({
      'user/config.yaml': 'prefix: user-\nsecretEnv: [USER_*]\nstateDir: /var/bottles\nbackends:\n  docker:\n    binary: podman\n    context: remote\n    pause: true\n',
      'project/package.json': '{}',
      'project/.bottlerc.json': JSON.stringify({secretEnv: ['PROJ_*'], backends: {docker: {pause: false}}}),
    })
    const config = await loadConfig(cwd, env)
    expect(config).toMatchObject({
      prefix: 'user-',
      secretEnv: ['USER_*', 'PROJ_*'],
      stateDir: '/var/bottles',
      stateDirBase: join(root, 'user'),
      backends: {docker: {binary: 'podman', context: 'remote', pause: false}},
      backendSources: {docker: join(root, 'project', '.bottlerc.json')},
      files: [join(root, 'user', 'config.yaml'), join(root, 'project', '.bottlerc.json')],
    })
  })

  it('names the file and the key of an invalid value', async () => {
    const {root, env, cwd} = await setup({'project/package.json': '{}', 'project/.bottlerc': '{"secretFiles": [""]}'})
    await expect(loadConfig(cwd, env)).rejects.toMatchObject({
      code: 'BOTTLE_BAD_INPUT',
      message: expect.stringMatching(new RegExp(`^invalid config ${join(root, 'project', '.bottlerc')}: secretFiles.0: `)),
    })
  })

  it('names an unknown key', async () => {
    const {root, env, cwd} = await setup({'user/config.json': '{"stateDirectory": "/x"}'})
    await expect(loadConfig(cwd, env)).rejects.toThrow(`invalid config ${join(root, 'user', 'config.json')}: stateDirectory: Unrecognized key`)
  })

  it('refuses YAML aliases that expand past any real config (a billion laughs), at once, and takes small ones', async () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({length: 11}, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`)]
    const bomb = `backends:\n  unused:\n${levels.map((line) => `    ${line}`).join('\n')}\n`
    const {root, env, cwd} = await setup({'project/package.json': '{}', 'project/.bottlerc.yaml': bomb})
    await expect(loadConfig(cwd, env)).rejects.toMatchObject({
      code: 'BOTTLE_BAD_INPUT',
      message: `invalid config ${join(root, 'project', '.bottlerc.yaml')}: more than 10000 values once its YAML aliases are expanded; a bottle config is a few keys`,
    })

    const small = await setup({'project/package.json': '{}', 'project/.bottlerc.yaml': 'secretEnv: &names [A_*, B_*]\nbackends:\n  docker:\n    secretEnv: *names\n'})
    expect(await loadConfig(small.cwd, small.env)).toMatchObject({secretEnv: ['A_*', 'B_*'], backends: {docker: {secretEnv: ['A_*', 'B_*']}}})
  })

  it('reports a file that does not parse, with its path', async () => {
    const {root, env, cwd} = await setup({'user/config.json': '{"prefix": '})
    await expect(loadConfig(cwd, env)).rejects.toThrow(`cannot read config ${join(root, 'user', 'config.json')}`)
  })
})
