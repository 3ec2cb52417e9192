import {readdir} from 'node:fs/promises'
import {z} from 'zod'

import type {BottleRequest} from '../bottle/host-io.js'
import {openBackend} from '../bottle/backend-context.js'
import {LEGACY_BACKEND, openBottle, readBottle} from '../bottle/open-bottle.js'
import {reportError} from '../bottle/report-error.js'
import {assertSlug} from '../bottle/slug.js'
import {BottleState} from '../state/bottle-state.js'

export interface BottleListing {
  readonly slug: string
  readonly backend: string
  /** `unknown` when the backend could not be asked (tool absent, engine down, no lifecycle). */
  readonly status: 'running' | 'stopped' | 'missing' | 'unknown'
  /** The newest snapshot's artifact, which resume uses. */
  readonly artifact: string | null
  readonly snapshots: number
  readonly preserved: boolean
  /** False for a bottle the backend has but the state root does not (`ls --all`). */
  readonly state: boolean
  /** Why the status is unknown, or why the state could not be read. */
  readonly problem?: string
}

/**
 * Every bottle in the state root with its live status; with `all`, also the
 * `<prefix><slug>` bottles the backends have that no state describes (made
 * by hand, or whose state was removed), which `commit` and `rm` act on too.
 * One bottle's broken state or one backend's missing tool never hides the
 * others: it shows as `unknown` with the reason.
 */
export async function listBottles(request: BottleRequest & {readonly all?: boolean}): Promise<BottleListing[]> {
  const entries = await readdir(request.stateRoot, {withFileTypes: true}).catch(() => [])
  const slugs = entries.filter((entry) => entry.isDirectory() && isSlug(entry.name)).map((entry) => entry.name)
  const known = new Set(slugs)
  const stateless = request.all ? (await backendBottles(request)).filter(({slug}) => !known.has(slug)) : []
  const listings = await Promise.all([
    ...slugs.map((slug) => describe(request, slug)),
    ...stateless.map(async ({slug, backend}): Promise<BottleListing> => {
      const known = {slug, backend, artifact: null, snapshots: 0, preserved: false, state: false}
      try {
        return {...known, status: await (await openBottle(request, slug, {backend})).status()}
      } catch (error) {
        return {...known, status: 'unknown', problem: reportError(error).message}
      }
    }),
  ])
  return listings.sort((a, b) => a.slug.localeCompare(b.slug))
}

const Names = z.array(z.string())

/** The `<prefix><slug>` names each backend that can list reports; one that cannot be asked is a warning, not a failure. */
async function backendBottles(request: BottleRequest): Promise<{slug: string; backend: string}[]> {
  const {config} = request
  const backends = request.registry.list().filter((listing) => listing.status === 'ok' && listing.declaration?.lifecycle)
  const found = await Promise.all(
    backends.map(async ({name: backend}) => {
      try {
        const {lifecycle, ctx} = await openBackend(request, backend)
        if (typeof lifecycle?.list !== 'function') return []
        const names = Names.parse(await lifecycle.list(ctx, config.prefix))
        return names.filter((name) => name.startsWith(config.prefix) && isSlug(name.slice(config.prefix.length))).map((name) => ({slug: name.slice(config.prefix.length), backend}))
      } catch (error) {
        request.io.warn(`cannot list the bottles of backend ${backend}: ${reportError(error).message}`)
        return []
      }
    }),
  )
  // Two backends that drive the same engine (docker and a podman alias) list the same bottle: it shows once.
  const seen = new Set<string>()
  return found.flat().filter(({slug}) => !seen.has(slug) && seen.add(slug))
}

async function describe(request: BottleRequest, slug: string): Promise<BottleListing> {
  const preserved = await new BottleState(request.stateRoot, slug).isPreserved()
  let backend = LEGACY_BACKEND
  try {
    const record = await readBottle(request.stateRoot, slug)
    const {history} = record
    backend = record.backend
    const known = {slug, backend, artifact: history.at(-1)?.artifact ?? null, snapshots: history.length, preserved, state: true}
    try {
      const status = await (await openBottle(request, record)).status()
      return {...known, status}
    } catch (error) {
      return {...known, status: 'unknown', problem: reportError(error).message}
    }
  } catch (error) {
    return {slug, backend, status: 'unknown', artifact: null, snapshots: 0, preserved, state: true, problem: reportError(error).message}
  }
}

/** Folders that are not slugs (a stray file, an editor's backup) are not bottles. */
function isSlug(name: string): boolean {
  try {
    assertSlug(name)
    return true
  } catch {
    return false
  }
}
