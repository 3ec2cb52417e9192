import {execa} from 'execa'
import {fileURLToPath} from 'node:url'
import {expect, it} from 'vitest'

const script = fileURLToPath(new URL('../../scripts/contract-reference.mjs', import.meta.url))

it('docs/plugin-contract.md is what the built .d.ts files say (regenerate: pnpm docs:contract)', async () => {
  const check = await execa(process.execPath, [script, '--check'], {reject: false})
  expect(check.stderr).toBe('')
  expect(check.exitCode).toBe(0)
})
