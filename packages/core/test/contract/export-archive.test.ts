import {execa} from 'execa'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {openExportArchive} from '../../src/contract/export-archive.js'
import {tempDir} from '../fixtures.js'

const ctx = {
  exec: async (file: string, args: readonly string[]) => {
    const run = await execa(file, args, {reject: false})
    return {exitCode: run.exitCode ?? 1, stdout: run.stdout, stderr: run.stderr}
  },
}

describe('reading an export archive without unpacking it', () => {
  it('reads members by their plain name, however tar lists them, and says when one is missing', async () => {
    const root = await tempDir()
    await mkdir(join(root, 'in'))
    await writeFile(join(root, 'in', 'index.json'), '{"schemaVersion": 2}')
    await execa('tar', ['-cf', join(root, 'dot.tar'), '-C', join(root, 'in'), '.'])
    await execa('tar', ['-cf', join(root, 'plain.tar'), '-C', join(root, 'in'), 'index.json'])
    for (const archive of ['dot.tar', 'plain.tar']) {
      const {member} = await openExportArchive(ctx, join(root, archive))
      expect(await member('index.json'), archive).toBe('{"schemaVersion": 2}')
      expect(await member('manifest.json'), archive).toBeUndefined()
    }
  })

  it("refuses a file that is not a tar archive in tar's own words, as bad input naming the file", async () => {
    const root = await tempDir()
    await writeFile(join(root, 'image.tar'), 'not a tar archive at all')
    await expect(openExportArchive(ctx, join(root, 'image.tar'))).rejects.toMatchObject({
      code: 'BOTTLE_BAD_INPUT',
      message: expect.stringMatching(new RegExp(`^${join(root, 'image.tar')} is not an image archive of a bottle export: .+`)),
    })
  })
})
