import {oncePerContext, parseToolVersion, versionAtLeast} from '@bottle/core/plugin'

import {container} from './tool.js'

/** The releases whose changes bottle follows (see this plugin's README). */
export const RUNNING_EXPORT = '1.2.1'
export const NO_AUTO_SCHEME = '1.3.0'

/** The installed `container`, as `container --version` tells it. */
export interface ContainerRelease {
  /** The bare version (`1.4.1`), or undefined when the tool did not say. */
  readonly version?: string
  /** Why the version is unknown: the tool's own words. */
  readonly problem?: string
  /** Whether the release is `minimum` or later; an unknown release is taken as the oldest, which asks the least of the tool. */
  at(minimum: string): boolean
}

/** `container CLI version 1.4.1 (build: release, commit: 9a8917c)`, asked once per command. */
export const containerRelease = oncePerContext<ContainerRelease, {binary: string}>(async (ctx) => {
  const tool = container(ctx)
  const result = await tool.run(['--version'])
  const version = result.exitCode === 0 ? parseToolVersion(result.stdout) : undefined
  return {
    version,
    ...(version ? {} : {problem: tool.message(result)}),
    at: (minimum) => version !== undefined && versionAtLeast(version, minimum),
  }
})

/**
 * Whether the release has `container commit` (PR #1762, in review, shipped
 * in no release up to 1.4.1): its help answers only where the verb exists,
 * so this asks rather than guesses from the version.
 */
export const hasCommitCommand = oncePerContext<boolean, {binary: string}>(async (ctx) => (await container(ctx).run(['commit', '--help'])).exitCode === 0)
