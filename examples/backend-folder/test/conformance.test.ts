import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {describeFreezerConformance, describeLifecycleConformance} from '@bottle/core/testing'
import {afterAll} from 'vitest'

import freezer from '../src/freezer.js'
import lifecycle from '../src/lifecycle.js'

// The bottles' root for this run, removed at the end like everything the suites make.
const root = await mkdtemp(join(tmpdir(), 'bottle-folder-test-'))
afterAll(() => rm(root, {recursive: true, force: true}))
// test/double/tar fails as tar does when it cannot write its archive.
const failingTar = join(dirname(fileURLToPath(import.meta.url)), 'double', 'tar')
let count = 0

/** A folder bottle with some work in it, under a root of its own. */
async function bottleWithWork() {
  const slug = `b${++count}`
  const options = {root: join(root, slug)}
  await mkdir(join(options.root, `bot-bottle-${slug}`), {recursive: true})
  await writeFile(join(options.root, `bot-bottle-${slug}`, 'work.txt'), 'agent work\n')
  return {slug, options}
}

describeFreezerConformance({
  name: 'folder',
  freezer,
  ready: bottleWithWork,
  missing: async () => ({slug: 'nope', options: {root}}),
  toolFails: async () => {
    const ready = await bottleWithWork()
    return {...ready, options: {...ready.options, binary: failingTar}, toolMessage: 'tar: simulated: Cannot open: No space left on device'}
  },
})

describeLifecycleConformance({
  name: 'folder',
  freezer,
  lifecycle,
  async scenario() {
    const {slug, options} = await bottleWithWork()
    // The folder `bottle launch --image` copies: the bottle itself is launched by the suite.
    const source = join(options.root, 'template')
    await rm(join(options.root, `bot-bottle-${slug}`), {recursive: true})
    await mkdir(source)
    await writeFile(join(source, 'README'), 'a folder bottle\n')
    return {slug, options, source}
  },
})
