/**
 * The command the user most likely meant: the nearest by edit distance, when
 * it is near enough to be a typo rather than another word.
 */
export function nearestCommand(typed: string, commands: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.ceil(typed.length / 3))
  let best: {id: string; distance: number} | undefined
  for (const id of commands) {
    const distance = editDistance(typed, id)
    if (distance <= limit && (!best || distance < best.distance)) best = {id, distance}
  }

  return best?.id
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit (`exprot`). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1)
    }
  }

  return d[a.length]![b.length]!
}
