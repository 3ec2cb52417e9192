import {describeFreezerConformance, describeLifecycleConformance} from '@bottle/core/testing'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll} from 'vitest'

import {type MachineSpec, smolvmDouble} from './double/index.js'
import freezer from '../src/freezer.js'
import lifecycle from '../src/lifecycle.js'

const root = await mkdtemp(join(tmpdir(), 'bottle-conformance-smolvm-'))
afterAll(() => rm(root, {recursive: true, force: true}))
let count = 0

/** A fresh `smolvm` double holding the machine in `state`, or no machine at all. */
async function scenario(state?: MachineSpec['state']) {
  const slug = `m${++count}`
  const double = smolvmDouble(join(root, slug))
  if (state) await double.addMachine({name: `bot-bottle-${slug}`, state})
  return {slug, env: double.env}
}

describeFreezerConformance({
  name: 'smolmachines',
  freezer,
  ready: () => scenario('stopped'),
  missing: () => scenario(),
  running: () => scenario('running'),
  // Never started: smolvm refuses to pack it.
  toolFails: async () => ({...(await scenario('created')), toolMessage: 'has no storage disk yet'}),
})

const IMAGE = 'node:22'

describeLifecycleConformance({
  name: 'smolmachines',
  freezer,
  lifecycle,
  async scenario() {
    const slug = `m${++count}`
    const double = smolvmDouble(join(root, slug))
    return {slug, env: double.env, source: IMAGE}
  },
})
