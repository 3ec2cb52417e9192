import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'

import {hostArch} from '../../src/bottle/host-arch.js'
import {commitBottle} from '../../src/ops/commit.js'
import {launchBottle} from '../../src/ops/launch.js'
import {resumeBottle} from '../../src/ops/resume.js'
import {fakeHost, world} from '../fake-backend.js'

let host: Awaited<ReturnType<typeof fakeHost>>
let artifact: string
let clock: Date
beforeEach(async () => {
  clock = new Date('2026-03-04T05:06:07Z')
  host = await fakeHost(() => clock)
  await launchBottle({...host, slug: 'demo', backend: 'fake', image: 'base:1', env: [], command: []})
  clock = new Date('2026-03-04T06:00:00Z')
  ;({artifact} = await commitBottle({...host, slug: 'demo'}))
})

const resume = (extra: Partial<Parameters<typeof resumeBottle>[0]> = {}) => resumeBottle({...host, slug: 'demo', replace: false, env: [], anyArch: false, ...extra})

describe('resumeBottle', () => {
  it('leaves a running bottle that holds the snapshot alone, and starts a stopped one', async () => {
    expect(await resume()).toMatchObject({action: 'none', artifact})
    world().bottles['fk-demo']!.status = 'stopped'
    expect(await resume()).toMatchObject({action: 'started'})
    expect(world().bottles['fk-demo']!.status).toBe('running')
  })

  it('launches a new bottle from the newest snapshot when the bottle is gone, and records where it came from', async () => {
    delete world().bottles['fk-demo']
    expect(await resume({env: ['MODE=y']})).toMatchObject({action: 'launched', artifact})
    expect(world().bottles['fk-demo']).toEqual({status: 'running', source: artifact, env: ['MODE=y']})
    const metadata = JSON.parse(await readFile(join(host.stateRoot, 'demo', 'metadata.json'), 'utf8'))
    expect(metadata).toMatchObject({backend: 'fake', resumedFrom: artifact})
  })

  it('replaces an existing bottle only when asked', async () => {
    await expect(resume({from: artifact})).rejects.toMatchObject({code: 'BOTTLE_BAD_INPUT', message: expect.stringContaining('--replace')})
    expect(await resume({replace: true})).toMatchObject({action: 'launched'})
    expect(world().calls).toContain('remove fk-demo')
  })

  it('checks that the snapshot can be had before it removes the bottle it replaces: a failure leaves that one as it was', async () => {
    const before = structuredClone(world().bottles['fk-demo'])
    await expect(resume({replace: true, from: 'fake/nowhere:1'})).rejects.toMatchObject({
      code: 'BOTTLE_TOOL_FAILED',
      message: expect.stringContaining('cannot pull fake/nowhere:1'),
    })
    expect(world().bottles['fk-demo']).toEqual(before)
    expect(world().calls).not.toContain('remove fk-demo')
    const history = JSON.parse(await readFile(join(host.stateRoot, 'demo', 'history.json'), 'utf8'))
    expect(history.map((snapshot: {artifact: string}) => snapshot.artifact)).toEqual([artifact])
  })

  it('resumes a pushed reference with --from and records it as an imported snapshot', async () => {
    world().artifacts['registry/demo:pushed'] = artifact
    delete world().bottles['fk-demo']
    expect(await resume({from: 'registry/demo:pushed'})).toMatchObject({action: 'launched', artifact: 'registry/demo:pushed'})
    const history = JSON.parse(await readFile(join(host.stateRoot, 'demo', 'history.json'), 'utf8'))
    expect(history.at(-1)).toMatchObject({artifact: 'registry/demo:pushed', via: 'import'})
  })

  it('refuses a snapshot of another architecture unless told to try', async () => {
    const path = join(host.stateRoot, 'demo', 'history.json')
    const history = JSON.parse(await readFile(path, 'utf8'))
    const other = hostArch() === 'amd64' ? 'arm64' : 'amd64'
    await writeFile(path, JSON.stringify([{...history[0], arch: other}]))
    delete world().bottles['fk-demo']
    await expect(resume()).rejects.toMatchObject({code: 'BOTTLE_BAD_INPUT', message: expect.stringContaining('--any-arch')})
    expect(world().bottles).toEqual({})
    expect(await resume({anyArch: true})).toMatchObject({action: 'launched'})
  })

  it('says how to get a bottle when the slug has no state', async () => {
    await expect(resumeBottle({...host, slug: 'ghost', replace: false, env: [], anyArch: false})).rejects.toMatchObject({
      code: 'BOTTLE_NOT_FOUND',
      message: expect.stringContaining('bottle launch ghost'),
    })
  })
})
