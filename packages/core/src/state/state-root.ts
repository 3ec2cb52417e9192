import {homedir} from 'node:os'
import {isAbsolute, join, resolve} from 'node:path'

/**
 * Where per-bottle state lives: BOTTLE_STATE_DIR, then the config's
 * `stateDir`, then $XDG_STATE_HOME/bottle, then ~/.local/state/bottle.
 */
export function resolveStateRoot(env: NodeJS.ProcessEnv, configStateDir?: string, configFileDir?: string): string {
  if (env.BOTTLE_STATE_DIR) return resolve(env.BOTTLE_STATE_DIR)
  // A relative stateDir in a config file means relative to that file, as users expect of config paths.
  if (configStateDir) return isAbsolute(configStateDir) ? configStateDir : resolve(configFileDir ?? '.', configStateDir)
  const xdg = env.XDG_STATE_HOME
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'state'), 'bottle')
}
