import {mkdir, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, it} from 'vitest'

import {makeSandbox} from '../support/cli.js'
import {type ContainerRelease, type SmolvmRelease, containerDouble, smolvmDouble, writeBottleMetadata} from '../support/doubles.js'

/**
 * The VM backends' flows against each release of their tools the reference
 * describes, through the built CLI: what a commit of a running bottle does
 * (live, or asking before a stop), --live, --stop, --include-workspace,
 * --scheme http, system status, and resuming what was frozen.
 */
const slug = 'demo'
const name = `bot-bottle-${slug}`

async function sandbox(backend: string) {
  const box = await makeSandbox()
  await writeBottleMetadata(box.stateDir, slug, backend)
  return box
}

const written = async (stateDir: string) => (await readdir(join(stateDir, slug))).sort()

describe.concurrent.each(['1.0.0', '1.2.0', '1.2.1', '1.3.1', '1.4.1', 'pr1762'] as const satisfies readonly ContainerRelease[])('macos-container on container %s', (release) => {
  const live = release !== '1.0.0' && release !== '1.2.0'

  async function running() {
    const box = await sandbox('macos-container')
    const double = containerDouble(join(box.dir, 'container'), release)
    await double.addContainer({id: name, state: 'running'})
    double.writeFile(name, '/workspace/work.txt', 'agent work')
    return {box, double}
  }

  it(
    live ? 'commits a running bottle live: no question, no stop, it keeps running' : 'asks before stopping a running bottle (exit 7 with no terminal), and stops nothing',
    async ({expect}) => {
      const {box, double} = await running()
      try {
        const run = await box.bottle(['commit', slug], {env: double.env})
        expect(double.containerState(name)).toBe('running')
        if (live) {
          expect(run.exitCode, run.stderr).toBe(0)
          expect(run.stderr).toContain(release === 'pr1762' ? `with container commit while it runs` : `exporting ${name} while it runs`)
          expect(double.image(run.stdout)!.files).toEqual({'/workspace/work.txt': 'agent work'})
          const calls = await double.calls()
          expect(calls.filter((argv) => argv[0] === 'stop')).toEqual([])
          // Asked once per command, for the freeze and the recorded version alike.
          expect(calls.filter((argv) => argv[0] === '--version')).toHaveLength(1)
        } else {
          expect(run.exitCode).toBe(7)
          expect(await written(box.stateDir)).toEqual(['metadata.json'])
        }
      } finally {
        await box.cleanup()
      }
    },
  )

  it(live ? 'commits with --live the same way' : 'refuses --live with exit 2, asking and stopping nothing', async ({expect}) => {
    const {box, double} = await running()
    try {
      const run = await box.bottle(['commit', slug, '--live', '--yes'], {env: double.env})
      expect(double.containerState(name)).toBe('running')
      if (live) {
        expect(run.exitCode, run.stderr).toBe(0)
      } else {
        expect(run.exitCode).toBe(2)
        expect(run.stderr).toBe(
          `bottle: container ${release} cannot export a running container (1.2.1 and later can): upgrade it, or commit without --live (it asks before stopping ${name})`,
        )
        expect(await written(box.stateDir)).toEqual(['metadata.json'])
      }
    } finally {
      await box.cleanup()
    }
  })

  it('stops a running bottle first with --stop, after the usual question (--yes here), and commits it stopped', async ({expect}) => {
    const {box, double} = await running()
    try {
      const refused = await box.bottle(['commit', slug, '--stop'], {env: double.env})
      expect(refused.exitCode).toBe(7)
      expect(double.containerState(name)).toBe('running')
      const run = await box.bottle(['commit', slug, '--stop', '--yes'], {env: double.env})
      expect(run.exitCode, run.stderr).toBe(0)
      expect(run.stderr).toContain(`stopping ${name}`)
      expect(double.containerState(name)).toBe('stopped')
      expect(double.image(run.stdout)!.files).toEqual({'/workspace/work.txt': 'agent work'})
    } finally {
      await box.cleanup()
    }
  })
})

describe.concurrent('macos-container: registries and the system service across releases', () => {
  it.for([
    ['1.2.1', '127.0.0.1:5000/agent:1', [], false],
    ['1.3.1', '127.0.0.1:5000/agent:1', [], true],
    ['1.4.1', 'localhost:5000/agent:1', [], true],
    ['1.2.1', 'registry.lan:5000/agent:1', ['registry.lan:5000'], true],
    ['1.4.1', 'registry.lan:5000/agent:1', ['registry.lan:5000'], true],
  ] as const)('on %s launches %s from a plain-HTTP registry (configured: %j), with --scheme http: %s', async ([release, image, configured, scheme], {expect}) => {
    const box = await makeSandbox()
    try {
      const double = containerDouble(join(box.dir, 'container'), release)
      double.addRegistryImage(image, true, {'/etc/os-release': 'agent image'})
      await mkdir(box.env.BOTTLE_CONFIG_DIR!, {recursive: true})
      await writeFile(join(box.env.BOTTLE_CONFIG_DIR!, 'config.json'), JSON.stringify({backends: {'macos-container': {plainHttpRegistries: configured}}}))
      const run = await box.bottle(['launch', slug, '--backend', 'macos-container', '--image', image], {env: double.env})
      expect(run.exitCode, run.stderr).toBe(0)
      const launched = (await double.calls()).find((argv) => argv[0] === 'run')!
      expect(launched.includes('--scheme')).toBe(scheme)
      expect(double.readFile(name, '/etc/os-release')).toBe('agent image')
    } finally {
      await box.cleanup()
    }
  })

  it.for(['1.3.1', '1.4.1'] as const)('doctor reads container %s system status (flat, then nested) and fails when the service is down', async (release, {expect}) => {
    const box = await makeSandbox()
    try {
      const double = containerDouble(join(box.dir, 'container'), release)
      const check = async () => {
        const run = await box.bottle(['doctor', '--json'], {env: double.env})
        return JSON.parse(run.stdout).checks.find((c: {name: string}) => c.name.startsWith('macos-container'))
      }

      expect(await check()).toMatchObject({status: 'ok', message: expect.stringMatching(new RegExp(`version ${release}, talks to container-apiserver ${release}$`))})
      await double.stopService()
      expect(await check()).toMatchObject({status: 'failure', message: expect.stringContaining('container system start')})
    } finally {
      await box.cleanup()
    }
  })
})

describe.concurrent.each(['1.0.2', '1.9.3', '1.13.1', '1.19.1', '1.23.0'] as const satisfies readonly SmolvmRelease[])('smolmachines on smolvm %s', (release) => {
  const checkpoints = release !== '1.0.2' && release !== '1.9.3'
  const includesWorkspace = release === '1.19.1' || release === '1.23.0'

  it(
    checkpoints
      ? 'checkpoints a running bottle with --live (memory kept, it keeps running); rm and resume bring it back as it was'
      : 'refuses --live with exit 2, stopping nothing',
    async ({expect}) => {
      const box = await sandbox('smolmachines')
      try {
        const double = smolvmDouble(join(box.dir, 'smolvm'), release)
        await double.addMachine({name, state: 'running'})
        double.writeMemory(name, 'agent', 'mid-thought')
        const run = await box.bottle(['commit', slug, '--live'], {env: double.env})
        expect(double.machineState(name)).toBe('running')
        if (!checkpoints) {
          expect(run.exitCode).toBe(2)
          expect(run.stderr).toBe(
            `bottle: smolvm ${release} has no machine checkpoint (1.13.1 and later have): upgrade it, or commit without --live (it asks before stopping ${name} to pack it)`,
          )
          return
        }

        expect(run.exitCode, run.stderr).toBe(0)
        expect(run.stdout).toMatch(release === '1.19.1' ? /\.checkpoint$/ : /\.smolcheckpoint$/)
        expect((await box.bottle(['rm', slug], {env: double.env})).exitCode).toBe(0)
        expect((await double.calls()).find((argv) => argv[1] === 'delete')).toEqual(['machine', 'delete', '--name', name, '-f'])
        expect(double.machineState(name)).toBeUndefined()
        const resumed = await box.bottle(['resume', slug, '--json'], {env: double.env})
        expect(resumed.exitCode, resumed.stderr).toBe(0)
        expect(JSON.parse(resumed.stdout)).toMatchObject({action: 'launched', artifact: run.stdout})
        expect(double.machineState(name)).toBe('running')
        expect(double.readMemory(name, 'agent')).toBe('mid-thought')
      } finally {
        await box.cleanup()
      }
    },
  )

  it(
    includesWorkspace ? 'keeps /workspace with --include-workspace, through rm and resume' : 'refuses --include-workspace with exit 2 before stopping anything',
    async ({expect}) => {
      const box = await sandbox('smolmachines')
      try {
        const double = smolvmDouble(join(box.dir, 'smolvm'), release)
        await double.addMachine({name, state: 'running', image: 'node:22'})
        double.writeFile(name, '/workspace/work.txt', 'agent work')
        const run = await box.bottle(['commit', slug, '--include-workspace', '--yes'], {env: double.env})
        if (!includesWorkspace) {
          expect(run.exitCode).toBe(2)
          expect(run.stderr).toMatch(new RegExp(`^bottle: smolvm ${release.replaceAll('.', '\\.')} has no pack create --include-workspace`))
          expect(double.machineState(name)).toBe('running')
          return
        }

        expect(run.exitCode, run.stderr).toBe(0)
        expect(run.stderr).not.toContain('/workspace is not in the pack')
        expect((await box.bottle(['rm', slug], {env: double.env})).exitCode).toBe(0)
        expect((await box.bottle(['resume', slug], {env: double.env})).exitCode).toBe(0)
        expect(double.readFile(name, '/workspace/work.txt')).toBe('agent work')
      } finally {
        await box.cleanup()
      }
    },
  )

  it(release === '1.0.2' ? 'warns that its packs are lossy' : 'packs without a lossy-pack warning', async ({expect}) => {
    const box = await sandbox('smolmachines')
    try {
      const double = smolvmDouble(join(box.dir, 'smolvm'), release)
      await double.addMachine({name, state: 'stopped'})
      const run = await box.bottle(['commit', slug], {env: double.env})
      expect(run.exitCode, run.stderr).toBe(0)
      expect(run.stderr.includes('writes lossy packs')).toBe(release === '1.0.2')
    } finally {
      await box.cleanup()
    }
  })
})

describe('smolmachines: a checkpoint moves to another machine', () => {
  it("export, rm --purge, import elsewhere, resume: the agent's memory is back", async ({expect}) => {
    const box = await sandbox('smolmachines')
    const other = await makeSandbox()
    try {
      const double = smolvmDouble(join(box.dir, 'smolvm'))
      await double.addMachine({name, state: 'running'})
      double.writeMemory(name, 'agent', 'mid-thought')
      const commit = await box.bottle(['commit', slug, '--live'], {env: double.env})
      expect(commit.exitCode, commit.stderr).toBe(0)
      expect((await double.calls()).filter((argv) => argv[0] === '--version')).toHaveLength(1)
      const file = join(box.dir, 'demo.bottle.tgz')
      expect((await box.bottle(['export', slug, '-o', file], {env: double.env})).exitCode).toBe(0)
      expect((await box.bottle(['rm', slug, '--purge', '--yes'], {env: double.env})).exitCode).toBe(0)

      const elsewhere = smolvmDouble(join(other.dir, 'smolvm'))
      const imported = await other.bottle(['import', file, '--json'], {env: elsewhere.env})
      expect(imported.exitCode, imported.stderr).toBe(0)
      expect(JSON.parse(imported.stdout).artifact).toMatch(/\.smolcheckpoint$/)
      expect((await other.bottle(['resume', slug], {env: elsewhere.env})).exitCode).toBe(0)
      expect(elsewhere.readMemory(name, 'agent')).toBe('mid-thought')
    } finally {
      await box.cleanup()
      await other.cleanup()
    }
  })
})
