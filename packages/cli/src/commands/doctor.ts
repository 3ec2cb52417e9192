import {type Check, CheckCache, runDoctor} from '@bottle/core'
import {join} from 'node:path'
import which from 'which'

import {BottleCommand} from '../bottle-command.js'
import {ExitCode} from '../exit-codes.js'

const MARK: Record<Check['status'], string> = {ok: 'ok  ', warning: 'warn', failure: 'FAIL'}

export default class Doctor extends BottleCommand {
  static override summary = 'Check the set-up: config, state root, backends and their tools, plugins.'

  static override description = `Each check is ok, warn or FAIL, with the fix for anything that is not ok:
  config files   found and valid
  state root     exists or can be created, writable, free space
  backends       each plugin loads and speaks this bottle's API, its tool is on PATH, the tool answers
                 (for docker: the engine's version and the context or host it talks to)
  plugins        installed plugins that are broken or in conflict
Exit code 0 when nothing failed (warnings allowed), 10 when something did.`

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<{ok: boolean; checks: Check[]}> {
    await this.parse(Doctor)
    const cache = await CheckCache.open(join(this.config.cacheDir, 'backend-checks.json'))
    const checks = await runDoctor({
      cwd: process.cwd(),
      env: process.env,
      plugins: this.config.plugins.values(),
      cache,
      findTool: (tool) => which(tool, {nothrow: true}),
      // Probes are quiet: the findings are the output.
      io: {...this.hostIO(false), info() {}},
    })
    await cache.save()
    if (!this.jsonEnabled()) {
      for (const check of checks) {
        this.log(`${MARK[check.status]}  ${check.area.padEnd(7)} ${check.name}: ${check.message}`)
        if (check.fix) this.log(`${''.padEnd(15)}fix: ${check.fix}`)
      }
    }

    // Failures fail; warnings do not.
    const failed = checks.some((check) => check.status === 'failure')
    if (failed) process.exitCode = ExitCode.DoctorFailed
    return {ok: !failed, checks}
  }
}
