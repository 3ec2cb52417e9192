import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BottleCommand} from '../../bottle-command.js'
import {type ScaffoldResult, scaffoldPlugin} from '../../scaffold/scaffold.js'

export default class PluginsNew extends BottleCommand {
  static override summary = 'Write a new backend plugin package that builds, passes its tests and links as it is.'

  static override description =
    `Writes <dir> as an npm package that adds the backend --backend to bottle: a package.json declaring it (and depending on the published @bottle/core), a NodeNext tsconfig, a freezer and a lifecycle that work (bottles that are folders, frozen with tar: the example backend, to replace with your tool's commands), and a vitest test running both conformance suites of @bottle/core/testing. Then: npm install, npm run build, npm test, bottle plugins link <dir>.

<dir> must not exist or be empty. The package is named after <dir> unless --name is given.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> bottle-backend-lima --backend lima',
    '<%= config.bin %> <%= command.id %> ./lima --backend lima --name @me/bottle-backend-lima',
  ]

  static override args = {
    dir: Args.string({description: 'the folder to write the package into (new, or empty)', required: true}),
  }

  static override flags = {
    backend: Flags.string({description: 'the backend name users pass to --backend (1-40 of a-z, 0-9, "-")', required: true}),
    name: Flags.string({description: 'the npm package name (default: the folder name)'}),
  }

  async run(): Promise<ScaffoldResult> {
    const {args, flags} = await this.parse(PluginsNew)
    const result = await scaffoldPlugin({dir: args.dir, backend: flags.backend, packageName: flags.name})
    if (!this.jsonEnabled()) {
      this.output(result.dir)
      this.note(`wrote ${result.packageName} (backend ${result.backend}): ${result.files.join(', ')}`)
      this.note(`next: cd ${result.dir} && npm install && npm run build && npm test && ${this.config.bin} plugins link .`)
    }

    return result
  }
}
