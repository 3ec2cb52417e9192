/** One column of a listing: its header and how a row shows in it. */
export interface Column<Row> {
  readonly header: string
  readonly value: (row: Row) => string
  /** Long values (references, reasons) give way first when the terminal is too narrow. */
  readonly flexible?: boolean
}

const GAP = '   '
/** Flexible columns are cut to this before any other column is. */
const MIN_FLEXIBLE = 12
/** Below this, a value says nothing. */
const MIN_ANY = 4

/**
 * Aligned columns under a header line. With a `width`, the flexible columns
 * are shortened (widest first, a cut value ending in `…`) until each line
 * fits; without one, values are shown whole.
 */
export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], width?: number): string[] {
  const cells = rows.map((row) => columns.map((column) => column.value(row)))
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i]!.length)))
  if (width !== undefined) fit(columns, widths, width)
  return [columns.map((column) => column.header), ...cells].map((line) =>
    line
      .map((cell, i) => cut(cell, widths[i]!).padEnd(widths[i]!))
      .join(GAP)
      .trimEnd(),
  )
}

/** The same cells without alignment or header: one tab-separated line per row, for scripts. */
export function renderPlain<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string[] {
  return rows.map((row) => columns.map((column) => column.value(row)).join('\t'))
}

/** Flexible columns give way first, down to MIN_FLEXIBLE; then any column, down to MIN_ANY: a line never overflows if it can be helped. */
function fit<Row>(columns: readonly Column<Row>[], widths: number[], width: number): void {
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1)
  for (const [eligible, floor] of [
    [(column: Column<Row>) => Boolean(column.flexible), MIN_FLEXIBLE],
    [() => true, MIN_ANY],
  ] as const) {
    while (total() > width) {
      const widest = columns
        .map((column, i) => ({i, eligible: eligible(column) && widths[i]! > floor}))
        .filter((candidate) => candidate.eligible)
        .sort((a, b) => widths[b.i]! - widths[a.i]!)[0]
      if (!widest) break
      widths[widest.i]!--
    }
  }
}

function cut(value: string, width: number): string {
  return value.length > width ? `${value.slice(0, Math.max(0, width - 1))}…` : value
}
