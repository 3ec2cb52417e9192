import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {Sandbox} from '../support/cli.js'
import {ENGINES, TEST_IMAGE, engine} from '../support/docker.js'

// scripts/setup.sh runs Debian's docker-registry here, on loopback: docker trusts it without TLS, bottle tells podman to.
const REGISTRY = process.env.BOTTLE_TEST_REGISTRY ?? '127.0.0.1:5000'

describe.each(ENGINES)('the bottle lifecycle on the real engine: %s', (engineName) => {
  const e = engine(engineName)
  const slug = `life-${engineName}-${process.pid}`
  const name = `bot-bottle-${slug}`
  let box: Sandbox
  let other: Sandbox

  beforeAll(async () => {
    box = await e.sandbox()
    // The other machine shares this engine: its own prefix keeps its bottle apart from this one's.
    other = await e.sandbox({prefix: 'other-'})
  })

  afterAll(async () => {
    await e.removeContainers(name, `other-${slug}`)
    const images = await e.cli('images', '--format', '{{.Repository}}:{{.Tag}}')
    await e.removeImages(...images.split('\n').filter((ref) => ref.includes(`/${slug}`)))
    await Promise.all([box.cleanup(), other.cleanup()])
  })

  const stateOfSlug = (of: string, file: string) => readFile(join(box.stateDir, of, file), 'utf8').then(JSON.parse)
  const stateOf = (file: string) => stateOfSlug(slug, file)
  const readWork = (container = name) => e.cli('exec', container, 'cat', '/root/work.txt')
  const json = async (args: string[], sandbox = box) => {
    const run = await sandbox.bottle([...args, '--json'])
    expect(run.exitCode, run.stderr).toBe(0)
    return JSON.parse(run.stdout)
  }

  describe('launch to resume', () => {
    it('launches from a local image and records backend, agent, image, architecture and tool version', async () => {
      const run = await box.bottle(['launch', slug, '--image', TEST_IMAGE, '--agent', 'claude', '-e', 'API_TOKEN=sk-secret', '--', 'sleep', '100000'])
      expect(run.exitCode, run.stderr).toBe(0)
      expect(run.stdout).toBe(name)
      expect(run.stderr).toContain(`freeze it with: bottle commit ${slug}`)
      expect(await e.cli('inspect', '--format', '{{.State.Status}}', name)).toBe('running')
      const metadata = await stateOf('metadata.json')
      expect(metadata).toMatchObject({
        backend: 'docker',
        agentName: 'claude',
        image: TEST_IMAGE,
        command: ['sleep', '100000'],
        envNames: ['API_TOKEN'],
        arch: expect.stringMatching(/^(amd64|arm64)$/),
      })
      const version = await e.cli('version', '--format', '{{.Server.Version}}')
      expect(metadata.toolVersion).toBe(engineName === 'podman' ? `podman ${version}` : version)
      expect(JSON.stringify(metadata)).not.toContain('sk-secret')

      const again = await box.bottle(['launch', slug, '--image', TEST_IMAGE])
      expect(again.exitCode).toBe(2)
      expect(again.stderr).toBe(
        `bottle: bottle ${slug} already exists (state in ${join(box.stateDir, slug)}): resume it with bottle resume ${slug}, or remove it with bottle rm ${slug} --purge`,
      )
    })

    it('commit, rm (state kept: preserved), resume: the file written before the commit is there', async () => {
      await e.cli('exec', name, 'sh', '-c', 'echo "agent work" > /root/work.txt')
      const commit = await box.bottle(['commit', slug])
      expect(commit.exitCode, commit.stderr).toBe(0)
      const artifact = commit.stdout
      expect(commit.stderr).toContain(`to resume from this snapshot: bottle resume ${slug}`)
      expect(commit.stderr).toContain(`  bottle export ${slug}\n  bottle import ${slug}.bottle.tgz && bottle resume ${slug}`)

      expect((await json(['ls'])).bottles).toEqual([{slug, backend: 'docker', status: 'running', artifact, snapshots: 1, preserved: true, state: true}])
      // The hint works right away: the running bottle already holds the snapshot.
      expect(await json(['resume', slug])).toMatchObject({action: 'none', artifact})

      const rm = await box.bottle(['rm', slug])
      expect(rm.exitCode, rm.stderr).toBe(0)
      expect(rm.stderr).toContain(`kept the state and snapshots of ${slug}: it is preserved. Resume it with: bottle resume ${slug}`)
      expect((await e.attempt('inspect', name)).exitCode).not.toBe(0)
      expect((await json(['ls'])).bottles[0]).toMatchObject({status: 'missing', preserved: true})

      const resume = await json(['resume', slug])
      expect(resume).toMatchObject({action: 'launched', artifact, bottleName: name})
      expect(await readWork()).toBe('agent work')
      // A second resume of the same snapshot changes nothing and succeeds.
      expect(await json(['resume', slug])).toMatchObject({action: 'none'})

      const {snapshots} = await json(['snapshots', slug])
      expect(snapshots).toEqual([{artifact, backend: 'docker', committedAt: expect.any(String), via: 'commit', toolVersion: expect.any(String), arch: expect.any(String)}])
    })

    it('export to one file, rm --purge, import, resume: the file is back', async () => {
      const file = join(box.dir, 'moved.bottle.tgz')
      const exported = await box.bottle(['export', slug, '-o', file])
      expect(exported.exitCode, exported.stderr).toBe(0)
      expect(exported.stdout).toBe(file)
      const artifact = (await stateOf('committed.json')).artifact

      // Without a terminal and without --yes nothing is removed.
      const unconfirmed = await box.bottle(['rm', slug, '--purge'])
      expect(unconfirmed.exitCode).toBe(7)
      expect(await readWork()).toBe('agent work')

      // It was resumed after its snapshot: removing it, work and all, takes --force too.
      const purged = await json(['rm', slug, '--purge', '--yes', '--force'])
      expect(purged).toMatchObject({removed: true, stateKept: false, artifactsRemoved: [artifact]})
      expect(await readdir(box.stateDir)).not.toContain(slug)
      expect((await e.attempt('image', 'inspect', artifact)).exitCode).not.toBe(0)

      const imported = await json(['import', file])
      expect(imported).toMatchObject({slug, backend: 'docker', artifact, resume: `bottle resume ${slug}`})
      expect(await stateOf('metadata.json')).toMatchObject({agentName: 'claude', image: TEST_IMAGE})
      expect((await json(['snapshots', slug])).snapshots[0]).toMatchObject({artifact, via: 'import'})
      expect((await box.bottle(['import', file])).exitCode).toBe(2)

      // A stranger of the same name is never clobbered without --replace.
      await e.cli('run', '-d', '--name', name, TEST_IMAGE, 'sleep', '100000')
      const refused = await box.bottle(['resume', slug])
      expect(refused.exitCode).toBe(2)
      expect(refused.stderr).toBe(
        `bottle: ${name} exists (running); replace it with the snapshot ${artifact}: bottle resume ${slug} --replace, or remove it first: bottle rm ${slug}`,
      )
      expect(await json(['resume', slug, '--replace'])).toMatchObject({action: 'launched', artifact})
      expect(await readWork()).toBe('agent work')
    })

    it('push to a registry, then resume from the pushed reference once the local image is gone, here and on another machine', async () => {
      const reachable = await fetch(`http://${REGISTRY}/v2/`).then(
        (response) => response.ok,
        () => false,
      )
      expect(reachable, `no registry at ${REGISTRY}: scripts/setup.sh starts one`).toBe(true)
      const artifact = (await stateOf('committed.json')).artifact
      const pushed = await json(['export', slug, '--push', `${REGISTRY}/bottles/${slug}`])
      const reference = `${REGISTRY}/bottles/${slug}:${artifact.split(':').at(-1)}`
      expect(pushed).toMatchObject({pushed: reference, resume: `bottle resume ${slug}`, elsewhere: `bottle resume ${slug} --from ${reference} --backend docker`})

      expect((await box.bottle(['rm', slug, '--force'])).exitCode).toBe(0)
      await e.removeImages(artifact, reference)
      expect((await e.attempt('image', 'inspect', reference)).exitCode).not.toBe(0)

      expect(await json(['resume', slug])).toMatchObject({action: 'launched', artifact: reference})
      expect(await readWork()).toBe('agent work')

      // The other machine has no state for the bottle: the pushed reference is all it needs.
      const elsewhere = await other.bottle(pushed.elsewhere.split(' ').slice(1))
      expect(elsewhere.exitCode, elsewhere.stderr).toBe(0)
      expect(await readWork(`other-${slug}`)).toBe('agent work')
      expect((await json(['snapshots', slug], other)).snapshots[0]).toMatchObject({artifact: reference, backend: 'docker'})
    })

    it("commit --keep 1 removes the older snapshots' images and history entries, but not an image a container uses", async () => {
      const inUse = (await stateOf('committed.json')).artifact
      const first = await json(['commit', slug])
      const second = await json(['commit', slug, '--keep', '1'])
      expect(second.pruned.removed).toEqual(expect.arrayContaining([first.artifact]))
      expect(second.pruned.kept).toEqual([inUse])
      expect(second.pruned.warnings).toEqual([expect.stringMatching(new RegExp(`^could not remove ${inUse}: .*container`))])
      expect((await json(['snapshots', slug])).snapshots.map((s: {artifact: string}) => s.artifact)).toEqual([second.artifact, inUse])
      expect((await e.attempt('image', 'inspect', first.artifact)).exitCode).not.toBe(0)
      expect((await e.attempt('image', 'inspect', second.artifact)).exitCode).toBe(0)
    })
  })

  describe('run options', () => {
    const runSlug = `${slug}-run`
    const runName = `bot-bottle-${runSlug}`
    afterAll(async () => {
      await e.removeContainers(runName)
      await e.attempt('volume', 'rm', '-f', `${runSlug}-data`)
    })

    it('launch passes each to the engine, records them, and resume runs the snapshot the same way', async () => {
      const work = join(box.dir, 'work')
      await mkdir(work)
      await writeFile(join(work, 'from-host.txt'), 'host file')
      // Relative host paths start at the working directory; both ulimits, as given ones replace containers.conf's.
      const launch = await box.bottle(
        [
          'launch',
          runSlug,
          '--image',
          TEST_IMAGE,
          '-v',
          './work:/work',
          '-v',
          `${runSlug}-data:/data`,
          '-p',
          '127.0.0.1::8080',
          '--network',
          'bridge',
          '--user',
          '0:0',
          '-w',
          '/work',
          '--ulimit',
          'nofile=512:1024',
          '--ulimit',
          'nproc=4096:4096',
          '--cpus',
          '0.5',
          '--memory',
          '64m',
          '--label',
          'team=agents',
          '--',
          'sleep',
          '100000',
        ],
        {cwd: box.dir},
      )
      expect(launch.exitCode, launch.stderr).toBe(0)
      const expectRunOptions = async () => {
        expect(await e.cli('exec', runName, 'cat', 'from-host.txt')).toBe('host file')
        // The bottle's own process: podman gives exec sessions limits of their own.
        expect(await e.cli('exec', runName, 'sh', '-c', "awk '/open files/ {print $4, $5}' /proc/1/limits; id -u; pwd")).toBe('512 1024\n0\n/work')
        const inspected = JSON.parse(await e.cli('inspect', '--type', 'container', runName))[0]
        expect(inspected.HostConfig.PortBindings['8080/tcp']).toEqual([expect.objectContaining({HostIp: '127.0.0.1'})])
        expect(inspected.HostConfig.NanoCpus).toBe(500_000_000)
        expect(inspected.HostConfig.Memory).toBe(64 * 2 ** 20)
        expect(inspected.Config.Labels).toMatchObject({team: 'agents', 'dev.bottle.slug': runSlug})
        expect(inspected.Mounts).toEqual(
          expect.arrayContaining([expect.objectContaining({Destination: '/work', Source: work}), expect.objectContaining({Destination: '/data', Name: `${runSlug}-data`})]),
        )
      }

      await expectRunOptions()
      expect((await stateOfSlug(runSlug, 'metadata.json')).run).toEqual({
        volumes: [`${work}:/work`, `${runSlug}-data:/data`],
        publish: ['127.0.0.1::8080'],
        network: 'bridge',
        user: '0:0',
        workdir: '/work',
        ulimits: ['nofile=512:1024', 'nproc=4096:4096'],
        cpus: '0.5',
        memory: '64m',
        labels: ['team=agents'],
      })

      // From another folder: the recorded paths are absolute.
      const commit = await box.bottle(['commit', runSlug])
      expect(commit.exitCode, commit.stderr).toBe(0)
      expect((await box.bottle(['rm', runSlug])).exitCode).toBe(0)
      expect((await box.bottle(['resume', runSlug], {cwd: '/'})).exitCode).toBe(0)
      await expectRunOptions()
    })
  })

  describe('lifecycle failures: one line, the documented exit code', () => {
    it('resume of a bottle with no state: exit 4, naming launch, import and --from', async () => {
      const run = await box.bottle(['resume', 'nothing-here'])
      expect(run.exitCode).toBe(4)
      expect(run.stderr).toMatch(
        /^bottle: no bottle nothing-here in .*: launch it with bottle launch nothing-here --image <ref>, import an export with bottle import <file>, or resume a pushed image with bottle resume nothing-here --from <ref>$/,
      )
    })

    it("ls shows unknown with the reason when the backend's tool is absent", async () => {
      const box2 = await e.sandbox({backends: {docker: {binary: 'no-such-docker'}}})
      try {
        await mkdir(join(box2.stateDir, 'gone'), {recursive: true})
        await writeFile(join(box2.stateDir, 'gone', 'metadata.json'), JSON.stringify({backend: 'docker'}))
        const {bottles} = await json(['ls'], box2)
        expect(bottles).toEqual([
          {
            slug: 'gone',
            backend: 'docker',
            status: 'unknown',
            artifact: null,
            snapshots: 0,
            preserved: false,
            state: true,
            problem: 'cannot run no-such-docker: not found on PATH',
          },
        ])
      } finally {
        await box2.cleanup()
      }
    })

    it('bad input: exit 2 for an -e that is not NAME=VALUE, an argument not after --, a file that is no export', async () => {
      const bad = await box.bottle(['launch', 'x1', '--image', TEST_IMAGE, '-e', 'NOEQUALS'])
      expect([bad.exitCode, bad.stderr]).toEqual([2, 'bottle: invalid -e entry 1: use NAME=VALUE, with a name of letters, digits and "_" not starting with a digit'])
      const stray = await box.bottle(['launch', 'x1', '--image', TEST_IMAGE, 'sleep'])
      expect([stray.exitCode, stray.stderr]).toEqual([2, 'bottle: unexpected argument "sleep": put the command to run after --'])
      await writeFile(join(box.dir, 'not-an-export.tgz'), 'hello')
      const notExport = await box.bottle(['import', join(box.dir, 'not-an-export.tgz')])
      expect(notExport.exitCode).toBe(2)
      expect(notExport.stderr).toMatch(/^bottle: cannot read .*not-an-export\.tgz as a bottle export \(not in gzip format\); give a file bottle export wrote$/)
      const unknown = await box.bottle(['launch', 'x1', '--image', TEST_IMAGE, '--backend', 'firecracker'])
      expect(unknown.exitCode).toBe(3)
    })
  })
})
