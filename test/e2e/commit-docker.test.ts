import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {Sandbox} from '../support/cli.js'
import {ENGINES, engine} from '../support/docker.js'
import {snapshot} from '../support/snapshot.js'

/** How each engine says it cannot be reached, and how it is pointed at an engine that is not there. */
const UNREACHABLE = {
  docker: {
    env: {DOCKER_HOST: 'unix:///nonexistent/docker.sock'},
    message: /^bottle: cannot reach the container engine: Cannot connect to the Docker daemon at unix:\/\/\/nonexistent\/docker\.sock/,
  },
  podman: {
    env: {CONTAINER_HOST: 'unix:///nonexistent/podman.sock'},
    message: /^bottle: cannot reach the container engine: Error: unable to connect to Podman socket: .*\/nonexistent\/podman\.sock/,
  },
}

describe.each(ENGINES)('bottle commit on the real engine: %s', (name) => {
  const e = engine(name)
  // A run-specific slug keeps parallel CI jobs on one engine apart.
  const slug = `e2e-${name}-${process.pid}`
  const container = `bot-bottle-${slug}`
  const made: string[] = []
  let sandbox: Sandbox

  beforeAll(async () => {
    sandbox = await e.sandbox()
    await e.startContainer(container, ['-v', `${slug}-vol:/data`])
    await e.cli('exec', container, 'sh', '-c', 'echo "agent work $PPID" > /root/work.txt')
  })

  afterAll(async () => {
    await e.removeContainers(container)
    await e.removeImages(...made)
    await e.cli('volume', 'rm', '-f', `${slug}-vol`)
    await sandbox.cleanup()
  })

  describe('commits', () => {
    type CommitPath = [string, () => Promise<Record<string, string>>, string]
    const overApi: CommitPath = ['over the engine API', async () => ({}), `$ docker engine API: POST /commit?container=${container}`]
    const throughCli: CommitPath = [`through the ${name} CLI`, () => e.cliOnlyEnv(sandbox.dir), `$ ${name} commit --pause=true`]
    // Docker's own CLI on its default engine commits over the engine's API, else through the CLI; podman always through its CLI.
    it.each(name === 'docker' ? [overApi, throughCli] : [throughCli])(
      'commits the container %s: stdout is the image, the change is in it, state records it and marks it preserved',
      async (_path, env, trace) => {
        const expected = await e.cli('exec', container, 'cat', '/root/work.txt')
        const run = await sandbox.bottle(['commit', slug], {env: {BOTTLE_DEBUG: '1', ...(await env())}})
        expect(run.stderr).not.toMatch(/at .*\.js:\d+/)
        expect(run.stderr).toContain(trace)
        if (!trace.includes('engine API')) expect(run.stderr).not.toContain('engine API')
        expect(run.exitCode).toBe(0)
        const image = run.stdout
        made.push(image)
        expect(image).toMatch(new RegExp(`^bottle/${slug}:\\d{8}-\\d{6}-\\d{3}$`))

        const readBack = await e.cli('run', '--rm', image, 'cat', '/root/work.txt')
        expect(readBack).toBe(expected)

        const stateDir = join(sandbox.stateDir, slug)
        expect(JSON.parse(await readFile(join(stateDir, 'committed.json'), 'utf8'))).toMatchObject({artifact: image, backend: 'docker'})
        expect(await readdir(stateDir)).toContain('preserved')

        expect(run.stderr).toContain(`warning: volume ${slug}-vol at /data is not in the committed image`)
        expect(run.stderr).toContain(`to resume from this snapshot: bottle resume ${slug}`)
        expect(run.stderr).toContain(`${name} save ${image} | gzip > `)
        expect(run.stderr).toContain(`${name} load -i `)
        expect(await e.cli('image', 'inspect', '--format', '{{index .Config.Labels "dev.bottle.slug"}}', image)).toBe(slug)
      },
    )

    it('prints one JSON object with --json, and each commit gets a new tag', async () => {
      const run = await sandbox.bottle(['commit', slug, '--json'])
      expect(run.exitCode).toBe(0)
      const result = JSON.parse(run.stdout)
      made.push(result.artifact)
      expect(result).toEqual({
        slug,
        backend: 'docker',
        artifact: expect.stringMatching(`^bottle/${slug}:`),
        preserved: true,
        resume: `bottle resume ${slug}`,
        move: [`bottle export ${slug}`, `bottle import ${slug}.bottle.tgz && bottle resume ${slug}    (on the other machine)`],
        export: [expect.stringContaining(`${name} save ${result.artifact}`), expect.stringContaining(`${name} load -i`)],
        warnings: [`volume ${slug}-vol at /data is not in the committed image`],
        stateDir: join(sandbox.stateDir, slug),
      })
      expect(result.artifact).not.toBe(made[0])
      const state = JSON.parse(await readFile(join(sandbox.stateDir, slug, 'committed.json'), 'utf8'))
      expect(state.artifact).toBe(result.artifact)
    })

    it('uses the backend options from a project config: tag scheme and pause', async () => {
      const project = join(sandbox.dir, 'project')
      await mkdir(project, {recursive: true})
      await writeFile(join(project, '.bottlerc.json'), JSON.stringify({backends: {docker: {tagScheme: 'snaps/{slug}:t{timestamp}', pause: false}}}))
      const run = await sandbox.bottle(['commit', slug], {cwd: project})
      expect(run.exitCode).toBe(0)
      made.push(run.stdout)
      expect(run.stdout).toMatch(new RegExp(`^snaps/${slug}:t\\d{8}-`))
    })

    it('freezes live with --live (the container keeps running), and stops it first with --stop --yes', async () => {
      const running = async () => (await e.cli('inspect', '--format', '{{.State.Running}}', container)).trim()
      const live = await sandbox.bottle(['commit', slug, '--live'])
      expect(live.exitCode, live.stderr).toBe(0)
      made.push(live.stdout)
      expect(await running()).toBe('true')

      const refused = await sandbox.bottle(['commit', slug, '--stop'])
      expect(refused.exitCode).toBe(7)
      expect(await running()).toBe('true')
      const stopped = await sandbox.bottle(['commit', slug, '--stop', '--yes'])
      expect(stopped.exitCode, stopped.stderr).toBe(0)
      made.push(stopped.stdout)
      expect(stopped.stderr).toContain(`stopping ${container}`)
      expect(await running()).toBe('false')
    })
  })

  describe('bottle commit failures: one line, the documented exit code, nothing written', () => {
    const cases: {name: string; args: string[]; exit: number; message: RegExp; env?: Record<string, string>; metadata?: string; config?: Record<string, unknown>}[] = [
      {name: 'invalid slug', args: ['commit', '../x'], exit: 2, message: /^bottle: invalid slug "\.\.\/x": use 1-64 characters/},
      {name: 'missing slug', args: ['commit'], exit: 2, message: /^bottle: Missing 1 required arg/},
      {name: 'unknown flag', args: ['commit', 'x', '--nope'], exit: 2, message: /^bottle: Nonexistent flag: --nope/},
      {
        name: 'invalid config',
        args: ['commit', 'cfg'],
        exit: 2,
        config: {backends: {docker: {binary: 7}}},
        message: /^bottle: invalid config .*config\.json: backends\.docker\.binary: /,
      },
      {
        name: 'unknown backend in state',
        args: ['commit', 'unk'],
        exit: 3,
        metadata: JSON.stringify({backend: 'firecracker'}),
        message: /^bottle: unknown backend "firecracker": registered backends are docker.*; install more with: bottle plugins install <package>$/,
      },
      {name: 'missing container', args: ['commit', 'nosuch'], exit: 4, message: new RegExp(`^bottle: no container named bot-bottle-nosuch \\(${name}: .*No such container`, 'i')},
      {name: 'unreachable engine', args: ['commit', 'dead'], exit: 5, env: UNREACHABLE[name].env, message: UNREACHABLE[name].message},
      {
        name: 'tool not installed',
        args: ['commit', 'notool'],
        exit: 5,
        config: {backends: {docker: {binary: 'no-such-docker-binary'}}},
        message: /^bottle: cannot run no-such-docker-binary: not found on PATH$/,
      },
      {
        name: 'corrupt metadata',
        args: ['commit', 'corrupt'],
        exit: 6,
        metadata: '{"backend": ',
        message: /^bottle: .*corrupt\/metadata\.json is not valid JSON; fix or remove it \(it was left untouched\)$/,
      },
    ]

    for (const c of cases) {
      it(`${c.name}: exit ${c.exit}, with and without --json`, async () => {
        const box = await e.sandbox(c.config)
        try {
          const slugArg = c.args[1]
          if (c.metadata && slugArg) {
            await mkdir(join(box.stateDir, slugArg), {recursive: true})
            await writeFile(join(box.stateDir, slugArg, 'metadata.json'), c.metadata)
          }

          const before = await snapshot(box.dir)
          const plain = await box.bottle(c.args, {env: c.env})
          expect(plain.stderr.split('\n')).toHaveLength(1)
          expect(plain.stderr).toMatch(c.message)
          expect(plain.stdout).toBe('')
          expect(plain.exitCode).toBe(c.exit)

          const json = await box.bottle([...c.args, '--json'], {env: c.env})
          expect(json.exitCode).toBe(c.exit)
          expect(JSON.parse(json.stdout).error).toMatchObject({exitCode: c.exit, message: expect.any(String)})
          expect(await snapshot(box.dir)).toEqual(before)
        } finally {
          await box.cleanup()
        }
      })
    }

    it('shows the stack only when BOTTLE_DEBUG is set, with the engine requests and tool commands run, in the sources (source maps)', async () => {
      const box = await e.sandbox()
      try {
        const run = await box.bottle(['commit', 'nosuch'], {env: {BOTTLE_DEBUG: '1'}})
        expect(run.exitCode).toBe(4)
        expect(run.stderr).toContain(name === 'docker' ? '$ docker engine API: GET /containers/bot-bottle-nosuch/json' : '$ podman inspect --type container bot-bottle-nosuch')
        expect(run.stderr).toMatch(/\n\s+at .+plugins\/docker\/src\/freezer\.ts:\d+/)
        expect(run.stderr).toMatch(/\n\s+at .+packages\/core\/src\/.+\.ts:\d+/)
        // Through the CLI: docker under a context other than default (here one of the same engine), podman always.
        const cli = await box.bottle(['commit', 'nosuch'], {env: {BOTTLE_DEBUG: '1', ...(await e.cliOnlyEnv(box.dir))}})
        expect(cli.exitCode).toBe(4)
        expect(cli.stderr).not.toContain('engine API')
        expect(cli.stderr).toContain(`$ ${name} inspect --type container bot-bottle-nosuch`)
      } finally {
        await box.cleanup()
      }
    })
  })
})
