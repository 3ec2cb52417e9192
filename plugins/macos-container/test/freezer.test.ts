import {mkdir, mkdtemp, readdir, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {DEFAULT_SECRET_RULES} from '@bottle/core/plugin'
import {type Answer, testFreezeContext} from '@bottle/core/testing'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {type ContainerDouble, containerDouble} from './double/index.js'
import freezer from '../src/freezer.js'

const NAME = 'bot-bottle-demo'
let root: string
let temp: string
let double: ContainerDouble

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bottle-macos-'))
  // The freezer makes its private folder under os.tmpdir(): point that here to see it go.
  temp = join(root, 'tmp')
  await mkdir(temp)
  vi.stubEnv('TMPDIR', temp)
  double = containerDouble(join(root, 'double'))
})

afterEach(async () => {
  vi.unstubAllEnvs()
  await rm(root, {recursive: true, force: true})
})

async function freeze(answer: Answer = 'no', options: Record<string, unknown> = {}, env: Record<string, string> = {}, wish: {live?: boolean} = {}) {
  const run = await testFreezeContext(freezer, {slug: 'demo', stateDir: join(root, 'state', 'demo'), env: {...double.env, ...env}, options, answer})
  return {...run, result: freezer.freeze({...run.ctx, ...wish})}
}

/** What the freezer asks of the tool before it acts, in parallel: the container, the release, whether it has `commit`. */
const QUESTIONS = [['inspect', NAME], ['--version'], ['commit', '--help']]
/** The calls after the questions: what the freezer did. */
async function actions(): Promise<string[][]> {
  const calls = await double.calls()
  expect(calls.slice(0, 3)).toEqual(expect.arrayContaining(QUESTIONS))
  return calls.slice(3)
}

describe('macos-container freezer', () => {
  it('exports a stopped container and rebuilds it as an image without asking anything', async () => {
    await double.addContainer({id: NAME, state: 'stopped', executable: '/bin/sleep', arguments: ['infinity']})
    const {result, asked} = await freeze()
    const tag = await result
    expect(tag).toMatch(/^bottle\/demo:\d{8}-\d{6}-\d{3}$/)
    expect(asked).toEqual([])

    const [exported, built, ...more] = await actions()
    expect(more).toEqual([])
    const work = exported![2]!.replace(/\/rootfs\.tar$/, '')
    expect(exported).toEqual(['export', '-o', `${work}/rootfs.tar`, NAME])
    expect(built).toEqual(['build', '-t', tag, '-f', `${work}/Dockerfile`, work])
    expect(work.startsWith(temp)).toBe(true)

    const image = double.image(tag)!
    expect(image.context).toEqual({path: work, mode: '700', files: ['Dockerfile', 'rootfs.tar']})
    expect(await readdir(temp)).toEqual([])
  })

  it('writes a Dockerfile that carries env without secrets, workdir, user and command', async () => {
    await double.addContainer({
      id: NAME,
      state: 'stopped',
      executable: '/usr/local/bin/claude',
      arguments: ['--resume', 'it\'s "here"'],
      environment: [
        'PATH=/usr/local/bin:/usr/bin:/bin',
        'ANTHROPIC_API_KEY=sk-ant-secret',
        'GITHUB_TOKEN=ghp_secret',
        'AWS_ACCESS_KEY_ID=AKIA',
        'DB_PASSWORD=hunter2',
        'MY_INTERNAL_ID=internal',
        'PROMPT=say "hi" to $USER \\o/',
        'MULTI=line one\nline two',
      ],
      workingDirectory: '/home/node/work',
      user: {raw: {userString: 'node'}},
    })
    const {result, warnings} = await freeze('no', {secretEnv: ['MY_INTERNAL_*']})
    const tag = await result
    expect(double.image(tag)!.dockerfile).toBe(
      [
        'FROM scratch',
        'ADD rootfs.tar /',
        'ENV PATH="/usr/local/bin:/usr/bin:/bin"',
        'ENV PROMPT="say \\"hi\\" to \\$USER \\\\o/"',
        'WORKDIR /home/node/work',
        'USER node',
        'CMD ["/usr/local/bin/claude","--resume","it\'s \\"here\\""]',
        '',
      ].join('\n'),
    )
    expect(warnings).toEqual([
      "left out of the image's environment as they look like secrets: ANTHROPIC_API_KEY, GITHUB_TOKEN, AWS_ACCESS_KEY_ID, DB_PASSWORD, MY_INTERNAL_ID; set them again when you run it",
      "left out of the image's environment as their values hold line breaks: MULTI",
    ])
    for (const secret of ['sk-ant-secret', 'ghp_secret', 'AKIA', 'hunter2', 'internal']) expect(double.image(tag)!.dockerfile).not.toContain(secret)
  })

  it('writes a numeric user as uid:gid and says which mounts stay behind', async () => {
    await double.addContainer({id: NAME, state: 'stopped', user: {id: {uid: 1000, gid: 100}}, mounts: [{source: '/Users/me/src', destination: '/src'}]})
    const {result, warnings} = await freeze()
    const dockerfile = double.image(await result)!.dockerfile
    expect(dockerfile).toContain('\nUSER 1000:100\n')
    expect(dockerfile).toContain('\nCMD ["/bin/sh"]\n')
    expect(warnings).toEqual(['mount /Users/me/src at /src is not in the image'])
  })

  it.each(['1.0.0', '1.2.0'] as const)('on %s asks before stopping a running container, then stops it before the export', async (release) => {
    double = containerDouble(double.dir, release)
    await double.addContainer({id: NAME, state: 'running'})
    const {result, asked} = await freeze('yes')
    await result
    expect(asked).toEqual([`Stop the running bottle ${NAME} so that it can be committed?`])
    expect((await actions()).map((argv) => argv[0])).toEqual(['stop', 'export', 'build'])
    expect(double.containerState(NAME)).toBe('stopped')
  })

  it.each<[Answer, string]>([
    ['no', 'BOTTLE_CANCELLED'],
    ['no-terminal', 'BOTTLE_CONFIRMATION_REQUIRED'],
  ])('on 1.2.0 leaves a running container alone when the answer is %s', async (answer, code) => {
    double = containerDouble(double.dir, '1.2.0')
    await double.addContainer({id: NAME, state: 'running'})
    const {result} = await freeze(answer)
    await expect(result).rejects.toMatchObject({code})
    expect(await actions()).toEqual([])
    expect(double.containerState(NAME)).toBe('running')
    expect(await readdir(temp)).toEqual([])
  })

  it.each(['1.2.1', '1.3.1', '1.4.1'] as const)('on %s exports a running container live: no question, no stop, it keeps running', async (release) => {
    double = containerDouble(double.dir, release)
    await double.addContainer({id: NAME, state: 'running'})
    double.writeFile(NAME, '/workspace/work.txt', 'agent work')
    for (const live of [false, true]) {
      const {result, asked} = await freeze('no-terminal', {}, {}, {live})
      const tag = await result
      expect(asked).toEqual([])
      expect(double.containerState(NAME)).toBe('running')
      expect(double.image(tag)!.files).toEqual({'/workspace/work.txt': 'agent work'})
    }

    expect((await double.calls()).filter((argv) => argv[0] === 'stop')).toEqual([])
  })

  it.each(['0.11.0', '1.0.0', '1.2.0'] as const)('on %s refuses --live with BadInput before asking or stopping anything', async (release) => {
    double = containerDouble(double.dir, release)
    await double.addContainer({id: NAME, state: 'running'})
    const {result, asked} = await freeze('yes', {}, {}, {live: true})
    await expect(result).rejects.toMatchObject({
      code: 'BOTTLE_BAD_INPUT',
      message: `container ${release} cannot export a running container (1.2.1 and later can): upgrade it, or commit without --live (it asks before stopping ${NAME})`,
    })
    expect(asked).toEqual([])
    expect(await actions()).toEqual([])
    expect(double.containerState(NAME)).toBe('running')
  })

  it.each(['1.2.0', '1.4.1'] as const)('on %s waits for a container that is already stopping, without asking', async (release) => {
    double = containerDouble(double.dir, release)
    await double.addContainer({id: NAME, state: 'stopping'})
    const {result, asked} = await freeze('no', {}, {}, {live: release === '1.4.1'})
    await result
    expect(asked).toEqual([])
    expect((await actions()).map((argv) => argv[0])).toEqual(['stop', 'export', 'build'])
  })

  describe('on a build with PR #1762 (container commit)', () => {
    beforeEach(() => {
      double = containerDouble(double.dir, 'pr1762')
    })

    it.each([
      ['stopped', []],
      ['running', ['--live']],
    ] as const)('commits a %s container natively, carrying env, command and working directory', async (state, flags) => {
      await double.addContainer({
        id: NAME,
        state,
        executable: '/usr/local/bin/claude',
        arguments: ['--continue'],
        environment: ['PATH=/bin', 'MULTI=a\nb'],
        workingDirectory: '/workspace',
      })
      double.writeFile(NAME, '/workspace/work.txt', 'agent work')
      const {result, asked, warnings} = await freeze('no-terminal')
      const tag = await result
      expect(asked).toEqual([])
      expect(warnings).toEqual([])
      expect(await actions()).toEqual([['commit', ...flags, NAME, tag]])
      expect(double.image(tag)).toMatchObject({
        config: {env: ['PATH=/bin', 'MULTI=a\nb'], cmd: ['/usr/local/bin/claude', '--continue'], workingDir: '/workspace'},
        files: {'/workspace/work.txt': 'agent work'},
      })
      expect(double.containerState(NAME)).toBe(state)
    })

    it.each([
      [{environment: ['PATH=/bin', 'GH_TOKEN=ghp_x']}, 'write the secret-like variables into the image'],
      [{user: {raw: {userString: 'node'}}}, 'leave out the user (node)'],
    ])('exports and rebuilds instead when container commit would %#', async (spec, reason) => {
      await double.addContainer({id: NAME, state: 'stopped', ...spec})
      const run = await testFreezeContext(freezer, {slug: 'demo', stateDir: join(root, 'state', 'demo'), env: double.env})
      const said: string[] = []
      const tag = await freezer.freeze({...run.ctx, info: (line) => said.push(line)})
      expect((await actions()).map((argv) => argv[0])).toEqual(['export', 'build'])
      expect(double.image(tag)!.dockerfile).not.toContain('ghp_x')
      expect(said).toContain(`not using container commit, which would ${reason}: exporting and rebuilding instead`)
    })

    it('commits natively with --no-scrub, secrets and all, as asked', async () => {
      await double.addContainer({id: NAME, state: 'stopped', environment: ['GH_TOKEN=ghp_x']})
      const run = await testFreezeContext(freezer, {slug: 'demo', stateDir: join(root, 'state', 'demo'), env: double.env})
      const tag = await freezer.freeze({...run.ctx, secrets: {...DEFAULT_SECRET_RULES, scrub: false}})
      expect(double.image(tag)!.config!.env).toEqual(['GH_TOKEN=ghp_x'])
    })
  })

  it('reads the pre-1.0 inspect shape, whose status is a plain string and dates are numbers', async () => {
    double = containerDouble(double.dir, '0.11.0')
    await double.addContainer({id: NAME, state: 'running'})
    const {result, asked} = await freeze('yes')
    await result
    expect(asked).toHaveLength(1)
    expect(double.containerState(NAME)).toBe('stopped')
  })

  it.each(['0.11.0', '1.0.0', '1.2.1', '1.4.1'] as const)('reports a missing container as not found (container %s)', async (version) => {
    double = containerDouble(double.dir, version)
    const {result} = await freeze()
    await expect(result).rejects.toMatchObject({code: 'BOTTLE_NOT_FOUND', message: expect.stringContaining(`no container named ${NAME}`)})
  })

  it.each(['export', 'build'])("fails with the tool's words when %s fails, and removes the temp folder", async (verb) => {
    await double.addContainer({id: NAME, state: 'stopped'})
    const {result} = await freeze('no', {}, {CONTAINER_DOUBLE_FAIL: verb})
    await expect(result).rejects.toMatchObject({
      code: 'BOTTLE_TOOL_FAILED',
      message: `container ${verb} of ${NAME} failed: Error: internalError: "failed to ${verb}" (cause: "injected by the test double")`,
    })
    expect(await readdir(temp)).toEqual([])
  })

  it('keeps the hint of a stopped system service in the message', async () => {
    await double.stopService()
    const {result} = await freeze()
    await expect(result).rejects.toMatchObject({
      code: 'BOTTLE_TOOL_FAILED',
      message: expect.stringMatching(/Connection invalid" Ensure container system service has been started with `container system start`\.$/),
    })
  })

  it('refuses a tag scheme that gives no valid reference before stopping anything', async () => {
    double = containerDouble(double.dir, '1.2.0')
    await double.addContainer({id: NAME, state: 'running'})
    const {result} = await freeze('yes', {tagScheme: 'Bottle/{slug}:{timestamp}'})
    await expect(result).rejects.toMatchObject({code: 'BOTTLE_BAD_INPUT', message: expect.stringContaining('backends.macos-container.tagScheme')})
    expect(double.containerState(NAME)).toBe('running')
  })

  it('hints at moving the image by its real tag', () => {
    const hint = freezer.exportHint!({
      slug: 'demo',
      bottleName: NAME,
      artifact: 'bottle/demo:20261130-004512-123',
      options: {binary: 'container', tagScheme: '', secretEnv: [], plainHttpRegistries: []},
    })
    expect(hint).toEqual([
      'container image save -o bottle-demo-20261130-004512-123.tar bottle/demo:20261130-004512-123',
      'container image load -i bottle-demo-20261130-004512-123.tar',
    ])
  })
})
