import type {Hook} from '@oclif/core/hooks'
import {ErrorCode, loadConfig, reportError} from '@bottle/core'

import {ExitCode} from '../exit-codes.js'
import {interruptedExitCode} from '../interrupt.js'
import {confirm} from '../prompt.js'
import {ALLOW_UNTRUSTED_ENV, isTrustedPlugin, specOf} from './plugin-trust.js'
import {hookLine, stop} from './stop.js'

/**
 * The gate before `bottle plugins install`, before npm runs: plugins run code
 * with the user's rights (an install script at once), so a spec outside the
 * trusted set is installed only when the user agrees on a terminal, or on
 * purpose through the config or the environment.
 */
const hook: Hook<'plugins:preinstall'> = async ({plugin}) => {
  // A URL spec may carry a token (`https://user:token@host/x.tgz`).
  const name = hookLine(specOf(plugin))
  const trusted = await loadConfig(process.cwd(), process.env).then(
    (config) => config.trustedPlugins,
    (error: unknown) => stop(reportError(error).message, reportError(error).exitCode),
  )
  if (isTrustedPlugin(plugin, trusted)) return
  const allowed = process.env[ALLOW_UNTRUSTED_ENV]
  if (allowed && allowed !== '0') {
    process.stderr.write(`warning: installing untrusted plugin ${name} (${ALLOW_UNTRUSTED_ENV} is set); it runs code with your rights\n`)
    return
  }

  const question = `${name} is not a trusted plugin. Plugins run code with your rights, at install and on every bottle command. Install it?`
  const agreed = await confirm(question, {yes: false}).catch((error: unknown) => {
    const report = reportError(error)
    if (report.code === ErrorCode.Interrupted) stop(`install of ${name} interrupted at the question: nothing was installed`, interruptedExitCode())
    return stop(
      `refusing to install untrusted plugin ${name} without a terminal: add this exact spec to trustedPlugins in your user config, or set ${ALLOW_UNTRUSTED_ENV}=1`,
      report.exitCode,
    )
  })
  if (!agreed) stop(`install of ${name} declined: nothing was installed`, ExitCode.InstallDeclined)
}

export default hook
