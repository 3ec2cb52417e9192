/** Words for anything thrown (null, a string, an object whose getters throw), never failing itself. */
export function describeThrown(error: unknown): string {
  let message: unknown
  try {
    message = (error as {message?: unknown} | null)?.message
  } catch {}

  if (typeof message === 'string' && message.trim() !== '') return message
  if (typeof error === 'string') return error.trim() === '' ? 'an empty string' : error
  if (error === null || error === undefined) return String(error)
  try {
    const json = JSON.stringify(error)
    if (json && json !== '{}') return json
  } catch {}

  try {
    return String(error)
  } catch {
    return 'a value that cannot be shown'
  }
}
