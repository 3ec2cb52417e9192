import {execa} from 'execa'
import {chmod, mkdir, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {BOTTLE_BIN, makeSandbox} from '../support/cli.js'

describe('shell completion', () => {
  it('completes commands, slugs from the state root and backend names in a real bash', async () => {
    const box = await makeSandbox()
    try {
      // `bottle` on PATH, as after an install.
      const bin = join(box.dir, 'bin')
      await mkdir(bin)
      await writeFile(join(bin, 'bottle'), `#!/bin/sh\nexec "${process.execPath}" "${BOTTLE_BIN}" "$@"\n`)
      await chmod(join(bin, 'bottle'), 0o755)
      await mkdir(join(box.stateDir, 'agent-one'), {recursive: true})
      await mkdir(join(box.stateDir, 'agent-two'), {recursive: true})

      const complete = async (line: string) => {
        const words = line.split(' ')
        const script = `source <(bottle completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_bottle_complete; printf '%s\\n' "\${COMPREPLY[@]}"`
        const run = await execa('bash', ['-c', script], {env: {...box.env, PATH: `${bin}:${process.env.PATH}`}, reject: false})
        expect(run.stderr).toBe('')
        return run.stdout.split('\n').filter(Boolean)
      }

      expect(await complete('bottle com')).toEqual(['commit', 'completion'])
      expect(await complete('bottle commit agent-')).toEqual(['agent-one', 'agent-two'])
      expect(await complete('bottle commit --ye')).toEqual(['--yes'])
      expect(await complete('bottle launch x --backend do')).toEqual(['docker'])
    } finally {
      await box.cleanup()
    }
  })

  it('offers only slug-valid folder names, and runs nothing of a hostile one when Tab is pressed in a real bash', async () => {
    const box = await makeSandbox()
    try {
      const bin = join(box.dir, 'bin')
      await mkdir(bin)
      await writeFile(join(bin, 'bottle'), `#!/bin/sh\nexec "${process.execPath}" "${BOTTLE_BIN}" "$@"\n`)
      await chmod(join(bin, 'bottle'), 0o755)
      const hostile = ['$(touch pwned-subst)', '`touch pwned-tick`', 'a;touch pwned-semi', "it's", 'two words', 'UPPER']
      for (const name of ['agent-one', ...hostile]) await mkdir(join(box.stateDir, name), {recursive: true})
      const cwd = join(box.dir, 'cwd')
      await mkdir(cwd)

      for (const line of ['bottle commit ', 'bottle commit $', 'bottle rm a']) {
        const words = line.split(' ')
        const script = `source <(bottle completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_bottle_complete; printf '%s\\n' "\${COMPREPLY[@]}"`
        const run = await execa('bash', ['-c', script], {cwd, env: {...box.env, PATH: `${bin}:${process.env.PATH}`}, reject: false})
        expect(run.stderr).toBe('')
        expect(run.stdout.split('\n').filter(Boolean)).toEqual(line.endsWith('$') ? [] : ['agent-one'])
      }

      expect(await readdir(cwd)).toEqual([])
      const zsh = await box.bottle(['__complete', '--shell', 'zsh', '--', '2', 'bottle', 'commit', ''])
      expect(zsh.stdout).toBe('agent-one')
    } finally {
      await box.cleanup()
    }
  })

  it('prints a zsh script and refuses other shells with exit 2', async () => {
    const box = await makeSandbox()
    try {
      const zsh = await box.bottle(['completion', 'zsh'])
      expect(zsh.stdout).toMatch(/^#compdef bottle\n/)
      expect(zsh.stdout).toContain('bottle __complete --shell zsh -- $((CURRENT - 1))')
      const fish = await box.bottle(['completion', 'fish'])
      expect(fish.exitCode).toBe(2)
      expect(fish.stderr).toMatch(/^bottle: Expected fish to be one of: bash, zsh/)
    } finally {
      await box.cleanup()
    }
  })
})
