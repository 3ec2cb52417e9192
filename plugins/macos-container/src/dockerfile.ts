/** What the rebuilt image should carry over from the container's init process. */
export interface ImageSettings {
  readonly env: ReadonlyArray<readonly [string, string]>
  readonly workingDirectory?: string
  readonly user?: string
  /** executable then arguments. */
  readonly command: readonly string[]
}

/** The tar `container export` writes, beside the Dockerfile in the build context. */
export const ROOTFS_TAR = 'rootfs.tar'

/**
 * A Dockerfile that turns the exported root filesystem back into an image. An
 * image built `FROM scratch` has no settings of its own, so the container's
 * are written back. The command goes in CMD, exec form: inspect merges
 * entrypoint and cmd into one argv that cannot be split again, and CMD keeps
 * it replaceable by `container run IMAGE CMD...`.
 */
export function rebuildDockerfile(settings: ImageSettings): string {
  const lines = ['FROM scratch', `ADD ${ROOTFS_TAR} /`]
  for (const [name, value] of settings.env) lines.push(`ENV ${name}="${escapeWord(value).replaceAll('"', '\\"')}"`)
  if (settings.workingDirectory) lines.push(`WORKDIR ${escapeWord(settings.workingDirectory)}`)
  if (settings.user) lines.push(`USER ${escapeWord(settings.user)}`)
  if (settings.command.length > 0) lines.push(`CMD ${JSON.stringify(settings.command)}`)
  return `${lines.join('\n')}\n`
}

/** ENV, WORKDIR and USER expand `$NAME`: escape it, and the escape character, to keep values literal. */
function escapeWord(text: string): string {
  return text.replace(/[\\$]/g, '\\$&')
}
