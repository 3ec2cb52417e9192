/**
 * Control characters, and the Unicode marks that reorder text on screen:
 * from a file name, a tool's message or a plugin, any of them could clear,
 * rewrite or hide what the terminal shows.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const UNSAFE_OR_NEWLINE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

function escapeChar(char: string): string {
  const code = char.codePointAt(0)!
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** `text` safe for a terminal: control characters shown as `\xNN`; line breaks and tabs kept. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escapeChar)
}

/** One line safe for a terminal: as printable, line breaks shown as `\x0a` too, so nothing can forge a line of its own. */
export function printableLine(text: string): string {
  return text.replace(UNSAFE_OR_NEWLINE, escapeChar)
}

/** JSON text safe for a terminal: JSON.stringify leaves DEL, C1 controls and reordering marks raw. */
export function printableJson(json: string): string {
  return json.replace(UNSAFE, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`)
}
