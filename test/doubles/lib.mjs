// What the test doubles of `container` and `smolvm` share: a state folder
// named by an environment variable, the log of the calls they got, and
// exiting the way the real tools do. Doubles run as plain Node scripts, so
// this is JavaScript, not TypeScript.
import {appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/** The double's state folder; a double never falls back to the real tool's folders. */
export function stateFolder(variable) {
  const dir = process.env[variable]
  if (!dir) die(`test double: ${variable} is not set`, 70)
  mkdirSync(dir, {recursive: true})
  return dir
}

/** Appends one JSON line per call to <state>/calls.jsonl, for tests to assert the argv. */
export function recordCall(dir) {
  appendFileSync(join(dir, 'calls.jsonl'), JSON.stringify({argv: process.argv.slice(2)}) + '\n')
}

export function die(message, exitCode = 1) {
  process.stderr.write(`${message}\n`)
  process.exit(exitCode)
}

export function recordPath(dir, kind, name) {
  return join(dir, kind, `${encodeURIComponent(name)}.json`)
}

export function readRecord(dir, kind, name) {
  const file = recordPath(dir, kind, name)
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null
}

export function writeRecord(dir, kind, name, record) {
  mkdirSync(join(dir, kind), {recursive: true})
  writeFileSync(recordPath(dir, kind, name), JSON.stringify(record, null, 2))
}

/** Whether a test asked, with <variable>=<verb>, for this verb to fail. */
export function injectedFailure(variable, verb) {
  return process.env[variable] === verb
}
