/**
 * The commands and hooks of @bottle/cli, for oclif's explicit strategy: the
 * bundle is one file, not a folder of commands to glob and import one by one.
 */
import Complete from './commands/__complete.js'
import Backends from './commands/backends.js'
import Commit from './commands/commit.js'
import Completion from './commands/completion.js'
import ConfigShow from './commands/config/show.js'
import ConfigTrust from './commands/config/trust.js'
import ConfigUntrust from './commands/config/untrust.js'
import Doctor from './commands/doctor.js'
import Export from './commands/export.js'
import Help from './commands/help.js'
import Import from './commands/import.js'
import Launch from './commands/launch.js'
import Ls from './commands/ls.js'
import Plugins from './commands/plugins.js'
import PluginsNew from './commands/plugins/new.js'
import Resume from './commands/resume.js'
import Rm from './commands/rm.js'
import Snapshots from './commands/snapshots.js'
import SnapshotsRm from './commands/snapshots/rm.js'

export const COMMANDS = {
  __complete: Complete,
  backends: Backends,
  commit: Commit,
  completion: Completion,
  'config:show': ConfigShow,
  'config:trust': ConfigTrust,
  'config:untrust': ConfigUntrust,
  doctor: Doctor,
  export: Export,
  help: Help,
  import: Import,
  launch: Launch,
  ls: Ls,
  plugins: Plugins,
  'plugins:new': PluginsNew,
  resume: Resume,
  rm: Rm,
  snapshots: Snapshots,
  'snapshots:rm': SnapshotsRm,
}

export {default as commandNotFound} from './hooks/command-not-found.js'
export {default as guardPluginChanges} from './hooks/guard-plugin-changes.js'
export {default as init} from './hooks/init.js'
export {default as trustPlugin} from './hooks/trust-plugin.js'
