import {describe, expect, it} from 'vitest'

import {compileTemplate} from '../../src/listing/template.js'

const fields = ['slug', 'committedAt', 'problem', 'preserved']
const row = {slug: 'demo', committedAt: '2026-11-30', preserved: true}

describe('compileTemplate', () => {
  it('fills {{.Field}} in any case, reads \\t and \\n, and gives {{json .}} the whole row', () => {
    expect(compileTemplate('{{.Slug}}\\t{{ .committedat }}\\n', fields)(row)).toBe('demo\t2026-11-30\n')
    expect(compileTemplate('{{json .}}', fields)(row)).toBe(JSON.stringify(row))
    expect(compileTemplate('{{json .Preserved}} {{.Problem}}|', fields)(row)).toBe('true |')
  })

  it('refuses an unknown field or a stray brace, naming the fields (exit 2)', () => {
    expect(() => compileTemplate('{{.Nope}}', fields)).toThrow(/there is no field \.Nope; the fields are \{\{\.Slug\}\}, \{\{\.CommittedAt\}\}/)
    expect(() => compileTemplate('{{.Slug', fields)).toThrow(/cannot read/)
    expect(() => compileTemplate('{{.Slug}} }}', fields)).toThrow(expect.objectContaining({code: 'BOTTLE_BAD_INPUT'}))
  })
})
