import type {Hook} from '@oclif/core/hooks'

import {ExitCode} from '../exit-codes.js'
import {confirm} from '../prompt.js'
import {nearestCommand} from './nearest-command.js'
import {hookLine, stop} from './stop.js'

/**
 * A mistyped command. The suggestion is computed on the command's name alone
 * (oclif hands over `rmm:demo` for `bottle rmm demo`: the topics typed, then
 * one word). On a terminal it asks, default No, and runs the suggestion with
 * the same arguments only on a yes; without one (a script, a CI log) it prints
 * the suggestion and exits 127, as a shell does for an unknown command.
 */
const hook: Hook<'command_not_found'> = async ({argv, config, id}) => {
  const words = id.split(':')
  let depth = 0
  while (depth < words.length - 1 && config.findTopic(words.slice(0, depth + 1).join(':'))) depth++
  const typed = words.slice(0, depth + 1).join(':')
  const rest = [...words.slice(depth + 1), ...(argv ?? [])]
  const visible = config.commands.filter((command) => !command.hidden).map((command) => command.id)
  const suggestion = nearestCommand(typed, visible)
  const shown = (commandId: string) => `${config.bin} ${commandId.replaceAll(':', ' ')}`
  const notFound = `${typed.replaceAll(':', ' ')} is not a ${config.bin} command`
  const seeHelp = `see ${config.bin} help`
  if (!suggestion) stop(`${notFound}; ${seeHelp}`, ExitCode.CommandNotFound)
  if (!process.stdin.isTTY) {
    stop(`${notFound}; did you mean ${[shown(suggestion), ...rest].join(' ')}? (${seeHelp})`, ExitCode.CommandNotFound)
  }

  if (!(await confirm(hookLine(`${notFound}. Did you mean ${shown(suggestion)}?`), {yes: false}))) stop(`${notFound}; nothing was run (${seeHelp})`, ExitCode.CommandNotFound)
  return config.runCommand(suggestion, rest)
}

export default hook
