import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {describeFreezerConformance} from '@bottle/core/testing'

import freezer from '../src/freezer.js'

const root = await mkdtemp(join(tmpdir(), 'folder-bottles-'))
const failingTar = join(dirname(fileURLToPath(import.meta.url)), 'double', 'tar')
let count = 0

describeFreezerConformance({
  name: 'folder (example)',
  freezer,
  async ready() {
    const slug = `b${++count}`
    await mkdir(join(root, `bot-bottle-${slug}`), {recursive: true})
    await writeFile(join(root, `bot-bottle-${slug}`, 'work.txt'), 'agent work\n')
    return {slug, options: {root}}
  },
  missing: async () => ({slug: 'nope', options: {root}}),
  async toolFails() {
    const ready = await this.ready()
    return {...ready, options: {root, binary: failingTar}, toolMessage: 'tar: simulated: Cannot open: No space left on device'}
  },
})
