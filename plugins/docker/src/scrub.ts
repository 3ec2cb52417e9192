import {DEFAULT_SECRET_RULES, ToolFailed, credentialFileMatcher, secretEnvMatcher} from '@bottle/core/plugin'
import type {ExecResult, FreezeContext, SecretRules} from '@bottle/core/plugin'

import type {Engine} from './engine.js'
import type {Docker} from './tool.js'

// A name a Dockerfile ENV instruction can set; anything else cannot be blanked with --change.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/

/** The secret rules of this commit, with the backend's own `secretEnv` patterns added. */
export function dockerSecretRules(ctx: FreezeContext<{secretEnv: string[]}>): SecretRules {
  const rules = ctx.secrets ?? DEFAULT_SECRET_RULES
  return {...rules, envPatterns: [...rules.envPatterns, ...ctx.options.secretEnv]}
}

/**
 * The names in a container's `K=V` environment that look like credentials,
 * sorted (engines do not keep the environment's order), once each. Their
 * values are never kept or shown.
 */
export function secretEnvNames(env: readonly string[], rules: SecretRules): string[] {
  if (!rules.scrub) return []
  const isSecret = secretEnvMatcher(rules.envPatterns)
  const names = env.flatMap((entry) => {
    const split = entry.indexOf('=')
    return split > 0 && isSecret(entry.slice(0, split), entry.slice(split + 1)) ? [entry.slice(0, split)] : []
  })
  const unique = [...new Set(names)].sort()
  const unwritable = unique.filter((name) => !ENV_NAME.test(name))
  if (unwritable.length > 0) {
    throw new ToolFailed(`cannot blank ${unwritable.join(', ')} in the image (not a name an ENV instruction can set); commit with --no-scrub to keep them on purpose`)
  }

  return unique
}

/** `docker commit` changes that set each secret name to the empty string in the image's config. */
export function blankingChanges(names: readonly string[]): string[] {
  return names.flatMap((name) => ['--change', `ENV ${name}=`])
}

/**
 * Makes sure the committed image holds no value for the blanked names, and
 * proves it: a scrub that fails silently is as bad as none. Engines before
 * Docker 25 also store the container's own config (ContainerConfig, values
 * and all) in a committed image, and `docker save` and `docker push` carry
 * it; a metadata-only build on top gives the tag a config of its own, without
 * a new layer, and the saved or pushed image carries only that one.
 */
export async function ensureBlanked(docker: Docker, engine: Engine, binary: string, image: string, names: readonly string[]): Promise<void> {
  if (names.length === 0) return
  const first = await leakedNames(docker, engine, image, names)
  if (first.config.length > 0) throw scrubFailed(binary, image, first.config)
  if (first.container.length === 0) return
  const id = (await docker(['image', 'inspect', '--format', '{{.Id}}', image], {uninterruptible: true})).stdout.trim()
  const label = (await docker(['image', 'inspect', '--format', '{{index .Config.Labels "dev.bottle.slug"}}', image], {uninterruptible: true})).stdout.trim()
  // The classic builder: BuildKit needs buildx, which engines of that age often lack.
  await docker(['build', '--quiet', '--tag', image, '-'], {uninterruptible: true, env: {DOCKER_BUILDKIT: '0'}, input: `FROM ${id}\nLABEL dev.bottle.slug=${label}\n`})
  const second = await leakedNames(docker, engine, image, names)
  const leaked = [...new Set([...second.config, ...second.container])]
  if (leaked.length > 0) throw scrubFailed(binary, image, leaked)
}

/**
 * The names that still have a value in the image's config and in its
 * ContainerConfig where the engine keeps one (all of them when it cannot be read).
 */
async function leakedNames(docker: Docker, engine: Engine, image: string, names: readonly string[]): Promise<{config: string[]; container: string[]}> {
  const format = engine.envTemplates.map((field) => `{{json ${field}}}`).join('\t')
  const inspected = await docker(['image', 'inspect', '--format', format, image], {uninterruptible: true})
  const [config, container] = inspected.exitCode === 0 ? inspected.stdout.split('\t').map(parseEnv) : [undefined, undefined]
  const leaked = (env: string[] | undefined) => (env ? names.filter((name) => env.some((entry) => entry.startsWith(`${name}=`) && entry.length > name.length + 1)) : [...names])
  return {config: leaked(config), container: leaked(container ?? [])}
}

function parseEnv(json: string | undefined): string[] | undefined {
  try {
    const env: unknown = JSON.parse(json ?? '')
    if (env === null) return []
    if (Array.isArray(env)) return env.filter((entry): entry is string => typeof entry === 'string')
  } catch {}

  return undefined
}

function scrubFailed(binary: string, image: string, names: readonly string[]): ToolFailed {
  return new ToolFailed(`${binary} left values of ${names.join(', ')} in ${image}'s config, so it was removed; commit with --no-scrub to keep them on purpose`)
}

/**
 * Asks the engine what the bottle's writes changed (`docker diff`): exactly
 * what a commit puts into the image, whatever user the container runs as and
 * whether or not it runs. Started alongside `docker inspect`.
 */
export function lookForCredentialFiles(ctx: FreezeContext<{binary: string}>, docker: Docker, rules: SecretRules): Promise<ExecResult> | undefined {
  if (!rules.scrub || rules.files.length === 0) return undefined
  return docker(['diff', ctx.bottleName])
}

/**
 * The credential files among a container's changed paths (`A /root/.aws` or
 * plain paths, one a line), sorted. Deleted paths are not in the image.
 * Takes the list whichever way it was asked for (the CLI or the Engine API).
 */
export function credentialFilesIn(changes: readonly string[], patterns: readonly string[]): string[] {
  const isCredential = credentialFileMatcher(patterns)
  const paths = changes.flatMap((line) => {
    const change = /^([ACD]) (\/.*)$/s.exec(line)
    if (!change) return line.startsWith('/') ? [line] : []
    return change[1] === 'D' ? [] : [change[2]!]
  })
  return [...new Set(paths.filter(isCredential))].sort()
}

/**
 * Warns with the paths of the credential files the image gets (never their
 * contents). Saying it could not look is a warning too, never silence.
 */
export function warnAboutCredentialFiles(ctx: FreezeContext<{binary: string}>, changes: ExecResult | undefined, rules: SecretRules): void {
  if (!changes) return
  if (changes.exitCode !== 0) {
    const reason = (changes.stderr || changes.stdout).trim().split('\n').at(-1) || `exit code ${changes.exitCode}`
    ctx.warn(`credential files were not looked for in ${ctx.bottleName}: ${ctx.options.binary} diff failed: ${reason}`)
    return
  }

  const paths = credentialFilesIn(changes.stdout.split('\n'), rules.files)
  if (paths.length > 0) {
    ctx.warn(`credential files in ${ctx.bottleName} are in the image: ${paths.join(', ')}; remove them from the bottle and commit again before sharing the image`)
  }
}
