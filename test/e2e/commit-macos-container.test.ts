import {execa} from 'execa'
import {mkdir, readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {type ContainerDouble, containerDouble, writeBottleMetadata} from '../support/doubles.js'

const slug = 'demo'
const name = `bot-bottle-${slug}`
let box: Sandbox
let double: ContainerDouble
let env: Record<string, string>
let temp: string

beforeEach(async () => {
  box = await makeSandbox()
  double = containerDouble(join(box.dir, 'container'))
  // The export's private folder is made under TMPDIR: a folder of the test's own shows what is left there.
  temp = join(box.dir, 'tmp')
  await mkdir(temp)
  env = {...double.env, TMPDIR: temp}
  await writeBottleMetadata(box.stateDir, slug, 'macos-container')
})

afterEach(() => box.cleanup())

const committed = async () => JSON.parse(await readFile(join(box.stateDir, slug, 'committed.json'), 'utf8'))

describe('bottle commit on the macos-container backend', () => {
  it('rebuilds a stopped container as an image: stdout is the tag, the Dockerfile carries its settings but no secrets', async () => {
    await double.addContainer({
      id: name,
      state: 'stopped',
      executable: '/usr/local/bin/claude',
      arguments: ['--continue'],
      environment: ['PATH=/usr/local/bin:/usr/bin:/bin', 'NODE_ENV=development', 'ANTHROPIC_API_KEY=sk-ant-xyz', 'GH_TOKEN=ghp_xyz'],
      workingDirectory: '/workspace',
      user: {raw: {userString: 'node'}},
    })
    const run = await box.bottle(['commit', slug], {env})
    expect(run.exitCode).toBe(0)
    const tag = run.stdout
    expect(tag).toMatch(/^bottle\/demo:\d{8}-\d{6}-\d{3}$/)
    expect(await committed()).toMatchObject({artifact: tag, backend: 'macos-container'})
    expect(await readdir(join(box.stateDir, slug))).toContain('preserved')

    expect(double.image(tag)!.dockerfile).toBe(
      [
        'FROM scratch',
        'ADD rootfs.tar /',
        'ENV PATH="/usr/local/bin:/usr/bin:/bin"',
        'ENV NODE_ENV="development"',
        'WORKDIR /workspace',
        'USER node',
        'CMD ["/usr/local/bin/claude","--continue"]',
        '',
      ].join('\n'),
    )
    expect(run.stderr).toContain("warning: left out of the image's environment as they look like secrets: ANTHROPIC_API_KEY, GH_TOKEN")
    expect(run.stderr).not.toMatch(/sk-ant-xyz|ghp_xyz/)
    expect(await readdir(temp)).toEqual([])
  })

  it('prints export hints that work with the real tag: save here, load on the other machine', async () => {
    await double.addContainer({id: name, state: 'stopped'})
    const run = await box.bottle(['commit', slug, '--json'], {env})
    expect(run.exitCode).toBe(0)
    const result = JSON.parse(run.stdout)
    const file = `${result.artifact.replaceAll('/', '-').replaceAll(':', '-')}.tar`
    expect(result.export).toEqual([`container image save -o ${file} ${result.artifact}`, `container image load -i ${file}`])

    const elsewhere = containerDouble(join(box.dir, 'other-mac'))
    await execa('sh', ['-c', result.export[0]], {cwd: box.dir, env})
    await execa('sh', ['-c', result.export[1]], {cwd: box.dir, env: elsewhere.env})
    expect(elsewhere.image(result.artifact)?.reference).toBe(result.artifact)
  })

  it('reads the inspect shape of container before 1.0', async () => {
    const old = containerDouble(double.dir, '0.11.0')
    await old.addContainer({id: name, state: 'running'})
    const run = await box.bottle(['commit', slug, '--yes'], {env: {...env, ...old.env}})
    expect(run.exitCode).toBe(0)
    expect(old.containerState(name)).toBe('stopped')
    expect(old.image(run.stdout)).not.toBeNull()
  })

  it.each(['0.11.0', '1.2.1', '1.4.1'] as const)('exits 4 when there is no such container (container %s)', async (version) => {
    const run = await box.bottle(['commit', slug], {env: {...env, ...containerDouble(double.dir, version).env}})
    expect(run.exitCode).toBe(4)
    expect(run.stderr).toMatch(new RegExp(`^bottle: no container named ${name}`))
  })

  it("exits 5 with the tool's words when the build fails, writes no state and leaves no temp folder", async () => {
    await double.addContainer({id: name, state: 'stopped'})
    const run = await box.bottle(['commit', slug], {env: {...env, CONTAINER_DOUBLE_FAIL: 'build'}})
    expect(run.exitCode).toBe(5)
    expect(run.stderr).toContain(`bottle: container build of ${name} failed: Error: internalError: "failed to build" (cause: "injected by the test double")`)
    expect(run.stdout).toBe('')
    expect(await readdir(join(box.stateDir, slug))).toEqual(['metadata.json'])
    expect(await readdir(temp)).toEqual([])
  })

  it('exits 5 naming `container system start` when the system service is not running', async () => {
    await double.stopService()
    const run = await box.bottle(['commit', slug], {env})
    expect(run.exitCode).toBe(5)
    expect(run.stderr).toContain('Ensure container system service has been started with `container system start`.')
  })
})
