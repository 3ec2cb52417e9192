import {oncePerContext, parseToolVersion, versionAtLeast} from '@bottle/core/plugin'

import {smolvm} from './tool.js'

/** The releases whose changes bottle follows (see this plugin's README). */
export const LOSSLESS_PACKS = '1.8.1'
export const CHECKPOINT = '1.13.1'

/** The installed smolvm, as `smolvm --version` tells it ("smolvm 1.9.3"). */
export interface SmolvmRelease {
  /** The bare version, or undefined when the tool did not say. */
  readonly version?: string
  /** Whether the release is `minimum` or later; false when the version is unknown. */
  at(minimum: string): boolean
  /** Whether the release is known to be older than `minimum`; false when the version is unknown. */
  before(minimum: string): boolean
}

export const smolvmRelease = oncePerContext<SmolvmRelease, {binary: string}>(async (ctx) => {
  const result = await smolvm(ctx).run(['--version'])
  const version = result.exitCode === 0 ? parseToolVersion(result.stdout) : undefined
  return {
    version,
    at: (minimum) => version !== undefined && versionAtLeast(version, minimum),
    before: (minimum) => version !== undefined && !versionAtLeast(version, minimum),
  }
})

/**
 * The file name ending `machine checkpoint -o` takes: v1.18.2 demands
 * `.smolcheckpoint`, v1.19.1 names `.checkpoint`, v1.22.2 takes both.
 */
export function checkpointSuffix(release: SmolvmRelease): string {
  return release.at('1.19.0') && release.before('1.22.2') ? '.checkpoint' : '.smolcheckpoint'
}

/** Whether `pack create` has `--include-workspace` (#1165): asked of its help, as the first release to have it is not known. */
export const packIncludesWorkspace = oncePerContext<boolean, {binary: string}>(async (ctx) => {
  const help = await smolvm(ctx).run(['pack', 'create', '--help'])
  return help.exitCode === 0 && help.stdout.includes('--include-workspace')
})
