import {BottleError, ErrorCode} from '@bottle/core'

/**
 * A `--format` template in the style of docker's Go templates: `{{.Field}}`
 * (a field of the row's JSON, any case: `{{.Slug}}`, `{{.slug}}`),
 * `{{json .}}` (the whole row) and `\t`, `\n`. A field that does not exist
 * is refused before anything is printed. `value` shows what a field gives
 * (the output boundary's escaping), not the template's own text.
 */
export function compileTemplate(template: string, fields: readonly string[], value: (text: string) => string = (text) => text): (row: Record<string, unknown>) => string {
  const byName = new Map(fields.map((field) => [field.toLowerCase(), field]))
  const parts: ((row: Record<string, unknown>) => string)[] = []
  const pattern = /\{\{\s*(json\s+)?\.(\w*)\s*\}\}/g
  let last = 0
  for (const match of template.matchAll(pattern)) {
    const text = literal(template.slice(last, match.index))
    parts.push(() => text)
    const [, json, name = ''] = match
    if (name === '') {
      parts.push((row) => value(JSON.stringify(row)))
    } else {
      const field = byName.get(name.toLowerCase())
      if (!field) {
        const known = fields.map((f) => `{{.${f[0]!.toUpperCase()}${f.slice(1)}}}`).join(', ')
        throw new BottleError(ErrorCode.BadInput, `--format: there is no field .${name}; the fields are ${known}, and {{json .}}`)
      }

      parts.push((row) => value(show(row[field], Boolean(json))))
    }

    last = match.index + match[0].length
  }

  const tail = literal(template.slice(last))
  parts.push(() => tail)
  return (row) => parts.map((part) => part(row)).join('')
}

function show(value: unknown, json: boolean): string {
  if (json) return JSON.stringify(value ?? null)
  if (value === undefined || value === null) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** The text between fields, with `\t` and `\n` read as a shell user types them; a stray `{{` is a mistake, not text. */
function literal(text: string): string {
  if (/\{\{|\}\}/.test(text)) throw new BottleError(ErrorCode.BadInput, `--format: cannot read ${JSON.stringify(text)}; use {{.Field}} or {{json .}}`)
  return text.replaceAll('\\t', '\t').replaceAll('\\n', '\n')
}
