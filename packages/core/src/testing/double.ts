/**
 * The kit for writing a double of a backend's tool: a Node script put first
 * on PATH that answers as the real tool does. `@bottle/core/testing/double`
 * needs no test runner, so a double (a plain script) can import it.
 */
import {appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

export {parseToolVersion, versionAtLeast} from '../contract/asking-the-tool.js'

const CALLS = 'calls.jsonl'

/** The double's state folder, named by an environment variable; a double never falls back to the real tool's folders. */
export function stateFolder(variable: string): string {
  const dir = process.env[variable]
  if (!dir) die(`test double: ${variable} is not set`, 70)
  mkdirSync(dir, {recursive: true})
  return dir
}

/** Appends this process's argv as one JSON line to `<dir>/calls.jsonl`, for tests to assert what the tool was asked. */
export function recordCall(dir: string): void {
  appendFileSync(join(dir, CALLS), `${JSON.stringify({argv: process.argv.slice(2)})}\n`)
}

/** The argv of every call a double recorded in `dir`, oldest first. */
export async function readCalls(dir: string): Promise<string[][]> {
  const log = await readFile(join(dir, CALLS), 'utf8').catch(() => '')
  return log
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as {argv: string[]}).argv)
}

/** Writes `message` to stderr and exits, as a tool's error does. */
export function die(message: string, exitCode = 1): never {
  process.stderr.write(`${message}\n`)
  process.exit(exitCode)
}

export function recordPath(dir: string, kind: string, name: string): string {
  return join(dir, kind, `${encodeURIComponent(name)}.json`)
}

/** A record the double stored (its own JSON shape), or null. */
// biome-ignore lint/suspicious/noExplicitAny: a double's records are whatever JSON it wrote; each double reads its own shape
export function readRecord(dir: string, kind: string, name: string): any {
  const file = recordPath(dir, kind, name)
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null
}

export function writeRecord(dir: string, kind: string, name: string, record: unknown): void {
  mkdirSync(join(dir, kind), {recursive: true})
  writeFileSync(recordPath(dir, kind, name), JSON.stringify(record, null, 2))
}

/** Whether a test asked, with `<variable>=<verb>`, for this verb to fail. */
export function injectedFailure(variable: string, verb: string): boolean {
  return process.env[variable] === verb
}
