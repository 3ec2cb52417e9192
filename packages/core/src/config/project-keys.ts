import type {ConfigFile} from './config-schema.js'

/**
 * Backend options that name a program, a path or an engine to use: by name,
 * so that every plugin's options are covered without it saying so (plugin
 * authors name such options this way: docs/plugin-authors.md).
 */
const PROGRAM_OPTION = /^(?:binary|context|host|socket|endpoint|command)$|(?:Binary|Path|Command|Program|Host|Socket|Context)$/

/**
 * The keys a config file that came with a repository may not set unless the
 * user trusts that file: they choose what runs, what is trusted, where
 * state is kept and deleted, or which containers are the bottles. Each with what it would let the file do.
 */
export function protectedKeys(file: ConfigFile): Array<{key: string; reason: string}> {
  const found: Array<{key: string; reason: string}> = []
  if (file.trustedPlugins) found.push({key: 'trustedPlugins', reason: 'decides which plugins install without asking'})
  if (file.backendPlugins) found.push({key: 'backendPlugins', reason: "chooses which plugin's code runs for a backend"})
  if (file.stateDir) found.push({key: 'stateDir', reason: 'chooses where bottle keeps, and deletes, state'})
  // `rm` removes a container of that name that has no state: a repository must not point that at the user's other containers.
  if (file.prefix) found.push({key: 'prefix', reason: 'chooses which containers and VMs bottle lists, commits and removes'})
  for (const [backend, options] of Object.entries(file.backends ?? {})) {
    for (const option of Object.keys(options)) {
      if (PROGRAM_OPTION.test(option)) found.push({key: `backends.${backend}.${option}`, reason: 'names a program, path or engine bottle uses'})
    }
  }

  return found
}
