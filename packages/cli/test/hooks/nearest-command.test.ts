import {describe, expect, it} from 'vitest'

import {editDistance, nearestCommand} from '../../src/hooks/nearest-command.js'

const commands = ['commit', 'completion', 'export', 'import', 'launch', 'ls', 'ps', 'resume', 'rm', 'snapshots', 'snapshots:rm', 'plugins:install']

describe('nearestCommand', () => {
  it('finds the command a typo was meant to be, from its name alone', () => {
    expect(nearestCommand('rmm', commands)).toBe('rm')
    expect(nearestCommand('comit', commands)).toBe('commit')
    expect(nearestCommand('exprot', commands)).toBe('export')
    expect(nearestCommand('snapshot', commands)).toBe('snapshots')
    expect(nearestCommand('plugins:instal', commands)).toBe('plugins:install')
  })

  it('suggests nothing for a word that is not near any command', () => {
    expect(nearestCommand('xyzzy', commands)).toBeUndefined()
    expect(nearestCommand('deploy', commands)).toBeUndefined()
  })

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('exprot', 'export')).toBe(1)
    expect(editDistance('', 'ls')).toBe(2)
  })
})
