import type {Hook} from '@oclif/core/hooks'
import {writeSync} from 'node:fs'

import {type Caught, EXIT_CODES} from '../interrupt.js'
import {restoreDataDir, snapshotDataDir} from '../plugin-changes/data-dir-snapshot.js'
import {stopDescendants} from '../plugin-changes/stop-descendants.js'

/** The plugin commands that run npm and rewrite the data folder's plugin list. */
const CHANGES = new Set(['plugins:install', 'plugins:link'])

/**
 * An interrupted `plugins install` or `plugins link` changes nothing: npm
 * and the scripts it runs are stopped, and the data folder is put back as it
 * was, so that no half-installed plugin loads, or runs its code, later.
 * oclif's plugin commands handle no signals themselves.
 */
const hook: Hook<'prerun'> = async ({Command, config}) => {
  if (!CHANGES.has(Command.id)) return
  const snapshot = snapshotDataDir(config.dataDir)
  for (const signal of Object.keys(EXIT_CODES) as Caught[]) {
    process.on(signal, () => {
      // Synchronous to the exit: npm failing meanwhile cannot end the command before the data folder is back.
      // On a line of its own: oclif's progress line ("Installing plugin x...") has no end yet.
      say(`\nbottle: ${signal} received: stopping npm and putting ${config.dataDir} back as it was`)
      try {
        stopDescendants()
        restoreDataDir(snapshot)
        say(`bottle: interrupted: ${Command.id.replace(':', ' ')} changed nothing`)
      } catch (error) {
        say(`bottle: interrupted, and ${config.dataDir} could not be put back: ${(error as Error).message}`)
      }

      process.exit(EXIT_CODES[signal])
    })
  }
}

/** Straight to fd 2: oclif's progress spinner holds back what goes through process.stderr, and the process exits next. */
function say(line: string): void {
  writeSync(2, `${line}\n`)
}

export default hook
