import * as Flags from '@oclif/core/flags'

import {BottleCommand} from '../bottle-command.js'

interface PluginRow {
  readonly name: string
  readonly version: string
  /** user: installed with bottle plugins install; link: bottle plugins link; core: shipped with bottle. */
  readonly type: string
  readonly root: string
}

export default class Plugins extends BottleCommand {
  static override summary = 'List installed plugins.'

  static override description =
    `The plugins installed with bottle plugins install (user) and linked with bottle plugins link (link), with their versions; --core adds those shipped with bottle. The text and --json list the same plugins. Installing, linking, inspecting and removing them: bottle plugins install|link|inspect|uninstall --help.`

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --core --json']

  static override flags = {
    core: Flags.boolean({description: 'also list the plugins shipped with bottle'}),
  }

  async run(): Promise<{plugins: PluginRow[]}> {
    const {flags} = await this.parse(Plugins)
    const plugins = this.config
      .getPluginsList()
      .filter((plugin) => !plugin.parent && plugin.root !== this.config.root && (flags.core || (plugin.type !== 'core' && plugin.type !== 'dev')))
      .map((plugin) => ({name: plugin.name, version: plugin.version, type: plugin.type, root: plugin.root}))
      .sort((a, b) => a.name.localeCompare(b.name))
    if (!this.jsonEnabled()) {
      if (plugins.length === 0) this.log('No plugins installed.')
      for (const plugin of plugins) this.log(`${plugin.name} ${plugin.version} (${plugin.type})${plugin.type === 'link' ? ` ${plugin.root}` : ''}`)
    }

    return {plugins}
  }
}
