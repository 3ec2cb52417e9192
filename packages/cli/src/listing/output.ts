import * as Flags from '@oclif/core/flags'

import {type Column, renderPlain, renderTable} from './table.js'
import {compileTemplate} from './template.js'

/** The output flags every listing has, as docker and gh users expect them. */
export const listingFlags = {
  quiet: Flags.boolean({char: 'q', description: 'print only the first column (one per line), for scripts'}),
  format: Flags.string({
    description: "json (one JSON object per line), table (aligned, with headers, also in a pipe), or a template such as '{{.Slug}}\\t{{.Status}}'",
    exclusive: ['quiet'],
  }),
  trunc: Flags.boolean({
    allowNo: true,
    default: true,
    description: 'on a terminal, shorten long values with … so that each line fits its width (--no-trunc: whole values)',
  }),
}

export interface ListingOptions<Row> {
  readonly columns: readonly Column<Row>[]
  /** The JSON fields of a row, which --format templates name. */
  readonly fields: readonly string[]
  readonly flags: {quiet: boolean; format?: string; trunc: boolean}
  readonly stdout: NodeJS.WriteStream
  /** The output boundary's forms: a value as it may stand inside a line, and a row as one JSON line. */
  readonly shown: {readonly value: (text: string) => string; readonly json: (row: object) => string}
}

/**
 * The lines of a listing. On a terminal: headers and aligned columns that fit
 * its width. In a pipe: one tab-separated line per row, values whole, no
 * header. -q: the first column alone. --format: JSON lines, a table with
 * headers, or a template.
 */
export function listingLines<Row extends object>(rows: readonly Row[], options: ListingOptions<Row>): string[] {
  const {flags, stdout, shown} = options
  // Each value escaped on its own, before widths are measured: a tab or line break in one cannot forge a column or a row.
  const columns = options.columns.map((column) => ({...column, value: (row: Row) => shown.value(column.value(row))}))
  const width = stdout.isTTY && flags.trunc ? (stdout.columns ?? 80) : undefined
  const format = flags.format?.trim()
  if (flags.quiet) return rows.map((row) => columns[0]!.value(row))
  if (format === 'json') return rows.map((row) => shown.json(row))
  if (format === 'table') return renderTable(columns, rows, width)
  if (format !== undefined) {
    const render = compileTemplate(format, options.fields, shown.value)
    return rows.map((row) => render(row as Record<string, unknown>))
  }

  return stdout.isTTY ? renderTable(columns, rows, width) : renderPlain(columns, rows)
}
