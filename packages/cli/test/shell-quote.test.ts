import {execa} from 'execa'
import {describe, expect, it} from 'vitest'

import {quoteForShell} from '../src/completion/shell-quote.js'

const HOSTILE = ['plain-name', '$(touch pwned)', '`touch pwned`', "it's", 'a b', '*', '~root', '$HOME', 'semi;colon', 'back\\slash', '!!', "'$(x)'"]

describe('quoteForShell', () => {
  it('gives bash words that come back unchanged and run nothing', async () => {
    for (const word of HOSTILE) {
      const run = await execa('bash', ['-c', `printf '%s' ${quoteForShell(word, 'bash')}`])
      expect(run.stdout).toBe(word)
    }
  })

  it('leaves plain words alone', () => {
    expect(quoteForShell('agent-one', 'zsh')).toBe('agent-one')
    expect(quoteForShell('--backend', 'fish')).toBe('--backend')
  })

  it("escapes fish's quotes and backslashes inside single quotes", () => {
    expect(quoteForShell("it's \\", 'fish')).toBe("'it\\'s \\\\'")
  })
})
