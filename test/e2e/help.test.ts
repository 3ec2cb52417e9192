import {execa} from 'execa'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {stripVTControlCharacters} from 'node:util'
import {describe, expect, it} from 'vitest'

import {BOTTLE_BIN, REPO_ROOT, makeSandbox} from '../support/cli.js'

interface ManifestCommand {
  id: string
  hidden?: boolean
  summary?: string
  description?: string
  examples?: unknown[]
  flags: Record<string, {name: string; description?: string; hidden?: boolean}>
  args: Record<string, {name: string; description?: string}>
}

describe('help and discovery', () => {
  it('explains every bottle command: a summary, a description, examples, every flag and argument', async () => {
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'packages', 'cli', 'oclif.manifest.json'), 'utf8'))
    const commands = Object.values(manifest.commands as Record<string, ManifestCommand>).filter((c) => !c.hidden)
    expect(commands.map((c) => c.id).sort()).toEqual(
      expect.arrayContaining(['backends', 'commit', 'completion', 'doctor', 'export', 'import', 'launch', 'ls', 'resume', 'rm', 'snapshots']),
    )
    for (const command of commands) {
      expect(command.summary, command.id).toBeTruthy()
      expect(command.description, command.id).toBeTruthy()
      expect(command.examples?.length, command.id).toBeGreaterThan(0)
      for (const flag of Object.values(command.flags).filter((f) => !f.hidden)) expect(flag.description, `${command.id} --${flag.name}`).toBeTruthy()
      for (const arg of Object.values(command.args)) expect(arg.description, `${command.id} <${arg.name}>`).toBeTruthy()
    }
  })

  it('groups the commands in `bottle help`', async () => {
    const box = await makeSandbox()
    try {
      const run = await box.bottle(['help'])
      expect(run.stdout).toMatch(/Bottles +launch, ls, commit, snapshots, resume, rm/)
      expect(run.stdout).toMatch(/Set-up +doctor, backends, plugins, completion, config$/m)
    } finally {
      await box.cleanup()
    }
  })

  it('suggests the nearest command for a typo on a terminal, and exits 127 when declined', async () => {
    const box = await makeSandbox()
    try {
      const child = execa('script', ['--quiet', '--return', '--command', `'${process.execPath}' '${BOTTLE_BIN}' comit demo`, '/dev/null'], {
        env: box.env,
        reject: false,
        timeout: 30_000,
      })
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('Did you mean')) child.stdin.write('n\n')
      })
      const result = await child
      output = stripVTControlCharacters(output)
      expect(output).toMatch(/comit is not a bottle command\. Did you mean bottle commit\? \[y\/N\]/)
      expect(result.exitCode).toBe(127)
    } finally {
      await box.cleanup()
    }
  })
})
