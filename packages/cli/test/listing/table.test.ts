import {describe, expect, it} from 'vitest'

import {type Column, renderPlain, renderTable} from '../../src/listing/table.js'

interface Row {
  name: string
  ref: string
}

const columns: Column<Row>[] = [
  {header: 'NAME', value: (r) => r.name},
  {header: 'REFERENCE', value: (r) => r.ref, flexible: true},
]
const rows: Row[] = [
  {name: 'alpha', ref: 'registry.example:5000/bottles/alpha:20261130-013134-405'},
  {name: 'b', ref: 'short'},
]

describe('renderTable', () => {
  it('aligns the columns under their headers and shows whole values without a width', () => {
    expect(renderTable(columns, rows)).toEqual(['NAME    REFERENCE', 'alpha   registry.example:5000/bottles/alpha:20261130-013134-405', 'b       short'])
  })

  it('cuts the flexible column with … first, so that each line fits the width', () => {
    const lines = renderTable(columns, rows, 30)
    expect(lines[1]).toBe('alpha   registry.example:5000…')
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30)
  })

  it('then cuts any column, down to a few characters, rather than overflow', () => {
    const lines = renderTable([{header: 'NAME', value: (r: Row) => r.name.repeat(4)}, ...columns.slice(1)], rows, 20)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(20)
    expect(lines[1]).toMatch(/^alpha\S*… +regist\S*…$/)
  })

  it('renderPlain: tab-separated, no header, whole values', () => {
    expect(renderPlain(columns, rows)).toEqual([`alpha\t${rows[0]!.ref}`, 'b\tshort'])
  })
})
