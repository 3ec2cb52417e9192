import type {FreezeContext} from './freezer.js'

/** The first dotted version in a tool's `--version` output: "container CLI version 1.4.1 (build: ...)", "smolvm 1.9.3". */
export function parseToolVersion(text: string): string | undefined {
  return /(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1]
}

/** Whether `version` is `minimum` or later, part by part as numbers (1.10.0 is after 1.9.3). */
export function versionAtLeast(version: string, minimum: string): boolean {
  const have = version.split('.').map(Number)
  const want = minimum.split('.').map(Number)
  for (let i = 0; i < Math.max(have.length, want.length); i++) {
    const [a, b] = [have[i] ?? 0, want[i] ?? 0]
    if (a !== b) return a > b
  }

  return true
}

/**
 * Asks the tool once per command: the host hands one context to every
 * operation of a command (the freeze and the recorded tool version alike),
 * so what a tool is (its version, its verbs) is detected once and shared.
 */
export function oncePerContext<T, Options = unknown>(detect: (ctx: FreezeContext<Options>) => Promise<T>): (ctx: FreezeContext<Options>) => Promise<T> {
  const answers = new WeakMap<object, Promise<T>>()
  return (ctx) => {
    let answer = answers.get(ctx)
    if (!answer) {
      answer = detect(ctx)
      answers.set(ctx, answer)
    }

    return answer
  }
}

/**
 * Asks several questions of the tool at once, like Promise.all, but waits
 * for every one to end before failing: no tool process outlives the
 * operation that started it.
 */
export async function askTogether<T extends readonly unknown[]>(questions: {[K in keyof T]: Promise<T[K]>}): Promise<T> {
  const answers = await Promise.allSettled(questions)
  const failed = answers.find((answer) => answer.status === 'rejected')
  if (failed) throw failed.reason
  return answers.map((answer) => (answer as PromiseFulfilledResult<unknown>).value) as unknown as T
}
