// The scaffold's template is the example backend itself (examples/backend-folder):
// copied into dist at build, so that the published CLI carries it and the two never drift.
import {cpSync, rmSync} from 'node:fs'

const from = new URL('../../../examples/backend-folder/', import.meta.url)
const to = new URL('../dist/template/', import.meta.url)
rmSync(to, {recursive: true, force: true})
for (const entry of ['package.json', 'tsconfig.json', 'src', 'test']) cpSync(new URL(entry, from), new URL(entry, to), {recursive: true})
