import {describeFreezerConformance, describeLifecycleConformance} from '@bottle/core/testing'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll} from 'vitest'

import {type ContainerRelease, type ContainerSpec, containerDouble} from './double/index.js'
import freezer from '../src/freezer.js'
import lifecycle from '../src/lifecycle.js'

const root = await mkdtemp(join(tmpdir(), 'bottle-conformance-container-'))
afterAll(() => rm(root, {recursive: true, force: true}))
let count = 0

/** A fresh `container` double holding the bottle in `state`, or no bottle at all. */
async function scenario(state?: ContainerSpec['state'], env: Record<string, string> = {}, release: ContainerRelease = '1.4.1') {
  const slug = `c${++count}`
  const double = containerDouble(join(root, slug), release)
  if (state) await double.addContainer({id: `bot-bottle-${slug}`, state})
  return {slug, env: {...double.env, ...env}}
}

describeFreezerConformance({
  name: 'macos-container',
  freezer,
  ready: () => scenario('stopped'),
  missing: () => scenario(),
  // Only releases before 1.2.1 must stop a running container to export it.
  running: () => scenario('running', {}, '1.2.0'),
  toolFails: async () => ({...(await scenario('stopped', {CONTAINER_DOUBLE_FAIL: 'build'})), toolMessage: 'Error: internalError: "failed to build"'}),
})

const IMAGE = 'docker.io/library/node:22'

describeLifecycleConformance({
  name: 'macos-container',
  freezer,
  lifecycle,
  async scenario() {
    const slug = `c${++count}`
    const double = containerDouble(join(root, slug))
    double.addImage(IMAGE, {'/etc/os-release': 'node image'})
    return {slug, env: double.env, source: IMAGE}
  },
})
