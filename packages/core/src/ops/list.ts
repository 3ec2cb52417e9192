import {readdir} from 'node:fs/promises'

import type {BottleRequest} from '../bottle/host-io.js'
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
  /** Why the status is unknown, or why the state could not be read. */
  readonly problem?: string
}

/**
 * Every bottle in the state root with its live status. One bottle's broken
 * state or one backend's missing tool never hides the others: it shows as
 * `unknown` with the reason.
 */
export async function listBottles(request: BottleRequest): Promise<BottleListing[]> {
  const entries = await readdir(request.stateRoot, {withFileTypes: true}).catch(() => [])
  const slugs = entries.filter((entry) => entry.isDirectory() && isSlug(entry.name)).map((entry) => entry.name).sort()
  return Promise.all(slugs.map((slug) => describe(request, slug)))
}

async function describe(request: BottleRequest, slug: string): Promise<BottleListing> {
  const preserved = await new BottleState(request.stateRoot, slug).isPreserved()
  let backend = LEGACY_BACKEND
  try {
    const record = await readBottle(request.stateRoot, slug)
    const {history} = record
    backend = record.backend
    const known = {slug, backend, artifact: history.at(-1)?.artifact ?? null, snapshots: history.length, preserved}
    try {
      const status = await (await openBottle(request, record)).status()
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
