import {execa} from 'execa'
import {mkdtemp, readdir, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {REPO_ROOT} from '../support/cli.js'

describe('the freezer conformance suite', () => {
  it('fails a freezer that breaks the contract, naming each broken rule', async () => {
    const config = join(REPO_ROOT, 'test', 'fixtures', 'nonconforming', 'vitest.config.ts')
    const run = await execa('pnpm', ['exec', 'vitest', 'run', '--config', config, '--reporter', 'verbose'], {cwd: REPO_ROOT, reject: false, env: {NO_COLOR: '1'}})
    const output = run.stdout + run.stderr
    expect(run.exitCode).toBe(1)
    for (const broken of [
      'leaves the per-bottle state to the host',
      'stops at once when the abort signal has fired',
      'reports a missing bottle as BOTTLE_NOT_FOUND',
      "reports a tool failure as BOTTLE_TOOL_FAILED with the tool's own message",
    ]) {
      expect(output).toMatch(new RegExp(`[×✗] .*${broken}`))
    }

    expect(output).toMatch(/✓ .*returns an artifact reference for a bottle ready to freeze/)
  })
})

describe('the conformance suites', () => {
  it('leave nothing in the temp folder: what both suites made is removed, bottles, artifacts and folders', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'bottle-kit-tmp-'))
    try {
      const example = join(REPO_ROOT, 'examples', 'backend-folder')
      const run = await execa('pnpm', ['exec', 'vitest', 'run', '--reporter', 'verbose'], {cwd: example, reject: false, env: {TMPDIR: tmp, NO_COLOR: '1'}})
      expect(run.exitCode, run.stdout + run.stderr).toBe(0)
      expect(run.stdout).toMatch(/lifecycle conformance: folder/)
      expect(await readdir(tmp)).toEqual([])
    } finally {
      await rm(tmp, {recursive: true, force: true})
    }
  })
})
