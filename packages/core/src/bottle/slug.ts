import {BottleError, ErrorCode} from '../contract/errors.js'

const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/

/** Whether `name` passes the slug rule (completion offers only such names). */
export function isSlug(name: string): boolean {
  return SLUG.test(name)
}

/**
 * Refuses any slug that is not a safe name before anything runs: slugs become
 * folder names in the state root and container names on the engine.
 */
export function assertSlug(slug: string): string {
  if (!SLUG.test(slug)) {
    const shown = JSON.stringify(slug)
    throw new BottleError(ErrorCode.BadInput, `invalid slug ${shown}: use 1-64 characters of a-z, 0-9, "-" and "_", starting with a letter or digit`)
  }

  return slug
}
