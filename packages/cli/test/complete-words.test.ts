import {describe, expect, it} from 'vitest'

import {type CompletableCommand, completeWords} from '../src/completion/complete-words.js'

const commands: CompletableCommand[] = [
  {
    id: 'commit',
    flags: {yes: {name: 'yes', char: 'y', type: 'boolean'}, keep: {name: 'keep', type: 'option'}, scrub: {name: 'scrub', type: 'boolean', allowNo: true}},
    args: {slug: {name: 'slug'}},
  },
  {id: 'launch', flags: {backend: {name: 'backend', type: 'option'}, image: {name: 'image', type: 'option'}}, args: {slug: {name: 'slug'}}},
  {id: 'plugins', flags: {}, args: {}},
  {id: 'plugins:install', flags: {}, args: {plugin: {name: 'plugin'}}},
  {id: 'plugins:link', flags: {}, args: {path: {name: 'path'}}},
  {id: '__complete', hidden: true, flags: {}, args: {}},
]
const sources = {slugs: async () => ['alpha', 'beta'], backends: async () => ['docker', 'smolmachines']}
const complete = (...words: string[]) => completeWords(commands, words, words.length - 1, sources)

describe('completeWords', () => {
  it('offers the visible commands and topics first', async () => {
    expect(await complete('bottle', '')).toEqual(['commit', 'launch', 'plugins'])
  })

  it('offers the subcommands of a topic that is also a command', async () => {
    expect(await complete('bottle', 'plugins', '')).toEqual(['install', 'link'])
  })

  it('offers slugs for a slug argument, also after flags', async () => {
    expect(await complete('bottle', 'commit', '')).toEqual(['alpha', 'beta'])
    expect(await complete('bottle', 'commit', '-y', '')).toEqual(['alpha', 'beta'])
    expect(await complete('bottle', 'launch', '--image', 'img', '')).toEqual(['alpha', 'beta'])
    expect(await complete('bottle', 'commit', 'alpha', '')).toEqual([])
  })

  it('offers backend names after --backend, and nothing after other option flags', async () => {
    expect(await complete('bottle', 'launch', 'x', '--backend', '')).toEqual(['docker', 'smolmachines'])
    expect(await complete('bottle', 'commit', '--keep', '')).toEqual([])
  })

  it('offers the flags of the command, with their negations and short forms', async () => {
    expect(await complete('bottle', 'commit', '--')).toEqual(['--keep', '--no-scrub', '--scrub', '--yes', '-y'])
  })
})
