import {execa} from 'execa'
import {mkdir, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {bottleOnPath, makeSandbox} from '../support/cli.js'

describe('shell completion', () => {
  it('completes commands, slugs from the state root and backend names in a real bash', async () => {
    const box = await makeSandbox()
    try {
      const PATH = await bottleOnPath(box)
      await mkdir(join(box.stateDir, 'agent-one'), {recursive: true})
      await mkdir(join(box.stateDir, 'agent-two'), {recursive: true})

      const complete = async (line: string) => {
        const words = line.split(' ')
        const script = `source <(bottle completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_bottle_complete; printf '%s\\n' "\${COMPREPLY[@]}"`
        const run = await execa('bash', ['-c', script], {env: {...box.env, PATH}, reject: false})
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

  it('completes in a real fish through the same __complete command, and falls back to file names', async () => {
    const box = await makeSandbox()
    try {
      const PATH = await bottleOnPath(box)
      await mkdir(join(box.stateDir, 'agent-one'), {recursive: true})
      await mkdir(join(box.stateDir, 'agent-two'), {recursive: true})
      // Not slug-valid, so never offered: fish would insert it as typed.
      await mkdir(join(box.stateDir, '$(touch pwned)'), {recursive: true})
      await writeFile(join(box.dir, 'demo.bottle.tgz'), '')
      const complete = async (line: string) => {
        const run = await execa('fish', ['--no-config', '-c', `bottle completion fish | source; complete -C '${line}'`], {
          cwd: box.dir,
          env: {...box.env, PATH},
          reject: false,
        })
        expect(run.stderr).toBe('')
        return run.stdout.split('\n').filter(Boolean)
      }

      expect(await complete('bottle com')).toEqual(['commit', 'completion'])
      expect(await complete('bottle snapshots rm agent-')).toEqual(['agent-one', 'agent-two'])
      expect(await complete('bottle commit ')).toEqual(['agent-one', 'agent-two'])
      expect(await complete('bottle commit --ye')).toEqual(['--yes'])
      expect(await complete('bottle launch x --backend do')).toEqual(['docker'])
      expect(await complete('bottle import demo.')).toEqual(['demo.bottle.tgz'])
      expect(await readdir(box.dir)).not.toContain('pwned')
      expect((await box.bottle(['completion', 'fish'])).stdout).toContain('bottle __complete --shell fish -- (count $words) $words "$current"')
    } finally {
      await box.cleanup()
    }
  })

  it('offers only slug-valid folder names, and runs nothing of a hostile one when Tab is pressed in a real bash', async () => {
    const box = await makeSandbox()
    try {
      const PATH = await bottleOnPath(box)
      const hostile = ['$(touch pwned-subst)', '`touch pwned-tick`', 'a;touch pwned-semi', "it's", 'two words', 'UPPER']
      for (const name of ['agent-one', ...hostile]) await mkdir(join(box.stateDir, name), {recursive: true})
      const cwd = join(box.dir, 'cwd')
      await mkdir(cwd)

      for (const line of ['bottle commit ', 'bottle commit $', 'bottle rm a']) {
        const words = line.split(' ')
        const script = `source <(bottle completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_bottle_complete; printf '%s\\n' "\${COMPREPLY[@]}"`
        const run = await execa('bash', ['-c', script], {cwd, env: {...box.env, PATH}, reject: false})
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
      const tcsh = await box.bottle(['completion', 'tcsh'])
      expect(tcsh.exitCode).toBe(2)
      expect(tcsh.stderr).toMatch(/^bottle: Expected tcsh to be one of: bash, zsh, fish/)
      const fromShell = await box.bottle(['completion'], {env: {SHELL: '/bin/tcsh'}})
      expect(fromShell.exitCode).toBe(2)
      expect(fromShell.stderr).toBe('bottle: no completion for tcsh (from $SHELL); name one: bash, zsh or fish')
    } finally {
      await box.cleanup()
    }
  })
})
