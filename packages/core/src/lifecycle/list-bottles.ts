import {readdir} from 'node:fs/promises'

import {reportError} from '../errors/exit-codes.js'
import {assertSlug} from '../slug.js'
import {BottleState} from '../state/bottle-state.js'
import {bottleStatus} from './bottle-status.js'
import {backendOf, type LifecycleRequest, openBottle} from './open-bottle.js'

export interface BottleListing {
  readonly slug: string
  readonly backend: string
  /** `unknown` when the backend could not be asked (tool absent, engine down, no lifecycle). */
  readonly status: 'running' | 'stopped' | 'missing' | 'unknown'
  /** The newest snapshot's artifact, which resume uses. */
  readonly artifact: string | null
  readonly snapshots: number
  readonly preserved: boolean
  /** Why the status is unknown, or why the state could not be read. */
  readonly problem?: string
}

/**
 * Every bottle in the state root with its live status. One bottle's broken
 * state or one backend's missing tool never hides the others: it shows as
 * `unknown` with the reason.
 */
export async function listBottles(request: LifecycleRequest): Promise<BottleListing[]> {
  const entries = await readdir(request.stateRoot, {withFileTypes: true}).catch(() => [])
  const slugs = entries.filter((entry) => entry.isDirectory() && isSlug(entry.name)).map((entry) => entry.name).sort()
  return Promise.all(slugs.map((slug) => describe(request, slug)))
}

async function describe(request: LifecycleRequest, slug: string): Promise<BottleListing> {
  const state = new BottleState(request.stateRoot, slug)
  const preserved = await state.isPreserved()
  let backend = backendOf(null, [])
  try {
    const metadata = await state.readMetadata()
    const history = await state.readHistory()
    backend = backendOf(metadata, history)
    const known = {slug, backend, artifact: history.at(-1)?.artifact ?? null, snapshots: history.length, preserved}
    try {
      const status = await bottleStatus(await openBottle(request, slug, backend, metadata))
      return {...known, status}
    } catch (error) {
      return {...known, status: 'unknown', problem: reportError(error).message}
    }
  } catch (error) {
    return {slug, backend, status: 'unknown', artifact: null, snapshots: 0, preserved, problem: reportError(error).message}
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
