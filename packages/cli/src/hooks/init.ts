import type {Hook} from '@oclif/core/hooks'

/**
 * Makes the options every page of the docs promises hold for every command,
 * including those of other plugins (`plugins install`, ...):
 * - `--version --json` prints the version as JSON, as `--json` does elsewhere;
 * - `--no-color` / `--color` are accepted by commands that do not define them
 *   (they print no colour of their own), `--no-color` setting NO_COLOR.
 */
const hook: Hook<'init'> = async ({argv, config, id}) => {
  if (id === '--version' && argv.includes('--json')) {
    const {name, version, userAgent, platform, arch} = config
    process.stdout.write(`${JSON.stringify({name: config.bin, package: name, version, userAgent, platform, arch, node: process.version}, null, 2)}\n`)
    // oclif prints its plain version line right after this hook and cannot be told not to.
    process.exit(0)
  }

  const command = id ? config.findCommand(id) : undefined
  if (!command || 'color' in command.flags) return
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length
  for (let i = end - 1; i >= 0; i--) {
    if (argv[i] !== '--no-color' && argv[i] !== '--color') continue
    if (argv[i] === '--no-color') process.env.NO_COLOR = '1'
    // In place: oclif runs the command with this very array.
    argv.splice(i, 1)
  }
}

export default hook
