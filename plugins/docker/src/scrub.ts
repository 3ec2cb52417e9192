import {DEFAULT_SECRET_RULES, ToolFailed, secretEnvMatcher} from '@bottle/core/plugin'
import type {FreezeContext, SecretRules} from '@bottle/core/plugin'

import {containerChanges, imageEnvironments} from './ask-engine.js'
import {credentialFilesIn} from './credential-files.js'
import type {Docker} from './tool.js'

type Context = FreezeContext<{binary: string; context?: string}>

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

/** Commit changes (Dockerfile instructions) that set each secret name to the empty string in the image's config. */
export function blankingChanges(names: readonly string[]): string[] {
  return names.map((name) => `ENV ${name}=`)
}

/**
 * Makes sure the committed image holds no value for the blanked names, and
 * proves it: a scrub that fails silently is as bad as none. Engines before
 * Docker 25 also store the container's own config (ContainerConfig, values
 * and all) in a committed image, and `docker save` and `docker push` carry
 * it; a metadata-only build on top gives the tag a config of its own, without
 * a new layer, and the saved or pushed image carries only that one. `imageId`
 * is what the commit printed; the build sets the slug's label again.
 */
export async function ensureBlanked(ctx: Context, docker: Docker, image: string, imageId: string, names: readonly string[]): Promise<void> {
  if (names.length === 0) return
  const first = await leakedNames(ctx, image, names)
  if (first.config.length > 0) throw scrubFailed(ctx.options.binary, image, first.config)
  if (first.container.length === 0) return
  // The classic builder: BuildKit needs buildx, which engines of that age often lack.
  await docker.run(['build', '--quiet', '--tag', image, '-'], {uninterruptible: true, env: {DOCKER_BUILDKIT: '0'}, input: `FROM ${imageId}\nLABEL dev.bottle.slug=${ctx.slug}\n`})
  const second = await leakedNames(ctx, image, names)
  const leaked = [...new Set([...second.config, ...second.container])]
  if (leaked.length > 0) throw scrubFailed(ctx.options.binary, image, leaked)
}

/** The names that still have a value in the image's config and in its ContainerConfig (all of them when it cannot be read). */
async function leakedNames(ctx: Context, image: string, names: readonly string[]): Promise<{config: string[]; container: string[]}> {
  const {config, container} = await imageEnvironments(ctx, image)
  const leaked = (env: string[] | undefined) => (env ? names.filter((name) => env.some((entry) => entry.startsWith(`${name}=`) && entry.length > name.length + 1)) : [...names])
  return {config: leaked(config), container: leaked(container ?? [])}
}

function scrubFailed(binary: string, image: string, names: readonly string[]): ToolFailed {
  return new ToolFailed(`${binary} left values of ${names.join(', ')} in ${image}'s config, so it was removed; commit with --no-scrub to keep them on purpose`)
}

/**
 * Lists what the bottle's writes changed (the engine's changes list, or
 * `docker diff` / `podman diff`): exactly what a commit puts into the image,
 * whatever user the container runs as and whether or not it runs. Undefined
 * when scrubbing is off or there is nothing to look for. Started alongside
 * the inspect.
 */
export function lookForCredentialFiles(ctx: Context, rules: SecretRules): ReturnType<typeof containerChanges> | undefined {
  if (!rules.scrub || rules.files.length === 0) return undefined
  return containerChanges(ctx)
}

/**
 * Warns with the paths of the credential files the image gets (never their
 * contents). Saying it could not look is a warning too, never silence.
 */
export function warnAboutCredentialFiles(ctx: Context, look: Awaited<ReturnType<typeof containerChanges>> | undefined, rules: SecretRules): void {
  if (!look) return
  if ('failure' in look) {
    ctx.warn(`credential files were not looked for in ${ctx.bottleName}: ${look.failure}`)
    return
  }

  const paths = credentialFilesIn(look.changes, rules.files)
  if (paths.length > 0) {
    ctx.warn(`credential files in ${ctx.bottleName} are in the image: ${paths.join(', ')}; remove them from the bottle and commit again before sharing the image`)
  }
}
