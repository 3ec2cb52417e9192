import {createReadStream} from 'node:fs'
import {mkdir, mkdtemp, open, readFile, rename, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {basename, dirname, join, resolve} from 'node:path'
import {pipeline} from 'node:stream/promises'
import {z} from 'zod'

import {BottleError, ErrorCode, ToolFailed} from '../contract/errors.js'
import {hostArch} from '../bottle/host-arch.js'
import type {BottleRequest} from '../bottle/host-io.js'
import {holdBottle} from '../bottle/hold-bottle.js'
import {expectReference, openBottle, readBottle} from '../bottle/open-bottle.js'
import {discardArtifact, preflight, recordOrTakeBack} from '../bottle/record-guard.js'
import {assertSlug} from '../bottle/slug.js'
import {runTool} from '../exec/run-tool.js'
import {MetadataSchema, SnapshotSchema, fileErrorReason} from '../state/bottle-state.js'
import {DEFAULT_MAX_UNPACKED_BYTES, type ExportSource, unpackExport} from './unpack-export.js'

/** `bottle.json` at the top of an export file: what `bottle import` restores besides the artifact. */
const ManifestSchema = z.object({
  format: z.literal('bottle-export'),
  formatVersion: z.literal(1),
  slug: z.string(),
  backend: z.string().min(1),
  metadata: MetadataSchema,
  snapshot: SnapshotSchema,
  exportedAt: z.string(),
})
type Manifest = z.infer<typeof ManifestSchema>

const MANIFEST = 'bottle.json'
/** The folder the backend writes its artifact into, beside the manifest. */
const ARTIFACT_DIR = 'artifact'

export interface ExportRequest extends BottleRequest {
  readonly slug: string
  /** The file to write; a relative path is relative to `cwd`. */
  readonly output?: string
  /** Write the export to this stream (`-o -`: stdout) instead of a file; it is left open. */
  readonly stream?: NodeJS.WritableStream
  readonly cwd: string
}

export interface ExportResult {
  readonly slug: string
  readonly backend: string
  readonly artifact: string
  /** The file written; `-` when it went to the stream. */
  readonly file: string
  readonly import: readonly string[]
  readonly warnings: readonly string[]
}

/**
 * Writes the bottle's newest snapshot and its metadata into one gzipped tar,
 * the only file to copy to another machine. Written beside its final name and
 * renamed, so a failed export leaves no half file under that name; to a
 * stream, only once the whole tar is made, so a failed export writes nothing.
 */
export async function exportBottle(request: ExportRequest): Promise<ExportResult> {
  const {bottle, snapshot} = await newestSnapshot(request)
  const {state, metadata, backend} = bottle
  const exportArtifact = bottle.need('exportArtifact')
  const file = request.stream ? '-' : resolve(request.cwd, request.output ?? `${state.slug}.bottle.tgz`)
  // A file is claimed before any work; a stream is written from the work folder once the export is whole.
  const work = await mkdtemp(join(tmpdir(), 'bottle-export-'))
  const partial = request.stream ? join(work, 'export.tgz') : join(dirname(file), `.${basename(file)}.${process.pid}.partial`)
  if (!request.stream) {
    await claimOutput(file, partial).catch(async (error: unknown) => {
      await rm(work, {recursive: true, force: true})
      throw error
    })
  }
  try {
    await mkdir(join(work, ARTIFACT_DIR), {mode: 0o700})
    bottle.ctx.info(`exporting ${snapshot.artifact}`)
    await exportArtifact(bottle.ctx, snapshot.artifact, join(work, ARTIFACT_DIR))
    const manifest: Manifest = {
      format: 'bottle-export',
      formatVersion: 1,
      slug: state.slug,
      backend,
      metadata: metadata ?? {backend},
      snapshot,
      exportedAt: (request.now?.() ?? new Date()).toISOString(),
    }
    await writeFile(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
    bottle.ctx.info(request.stream ? 'writing the export to stdout' : `writing ${file}`)
    await tar(request, ['-czf', partial, '-C', work, MANIFEST, ARTIFACT_DIR])
    if (request.stream) await pipeline(createReadStream(partial), request.stream, {end: false})
    else await rename(partial, file)
  } finally {
    await Promise.all([rm(work, {recursive: true, force: true}), rm(partial, {force: true})])
  }

  return {
    slug: state.slug,
    backend,
    artifact: snapshot.artifact,
    file,
    import: [`bottle import ${request.stream ? '-' : basename(file)}`, `bottle resume ${state.slug}`],
    warnings: bottle.warnings,
  }
}

export interface PushRequest extends BottleRequest {
  readonly slug: string
  readonly reference: string
}

export interface PushResult {
  readonly slug: string
  readonly backend: string
  readonly artifact: string
  readonly pushed: string
  readonly resume: string
  readonly elsewhere: string
  readonly warnings: readonly string[]
}

/** Pushes the newest snapshot to a registry and records the pushed reference as the newest snapshot, which resume then pulls. */
export async function pushBottle(request: PushRequest): Promise<PushResult> {
  const {bottle, snapshot} = await newestSnapshot(request)
  const {state, backend} = bottle
  const push = bottle.need('pushArtifact')
  await using _lock = await holdBottle(request, state.slug, 'pushing')
  const made = await preflight(bottle)
  bottle.ctx.info(`pushing ${snapshot.artifact} to ${request.reference}`)
  const pushed = expectReference(await push(bottle.ctx, snapshot.artifact, request.reference), backend, 'pushArtifact')
  // The registry keeps what was pushed; the local tag that records it goes when the record cannot be written.
  await recordOrTakeBack(
    bottle,
    () => state.recordSnapshot({...snapshot, artifact: pushed, via: 'push'}),
    async () => {
      const fate = await discardArtifact(bottle, pushed)
      await made.undo()
      return `${fate} (the registry still has it)`
    },
  )
  return {
    slug: state.slug,
    backend,
    artifact: snapshot.artifact,
    pushed,
    resume: `bottle resume ${state.slug}`,
    elsewhere: `bottle resume ${state.slug} --from ${pushed} --backend ${backend}`,
    warnings: bottle.warnings,
  }
}

export interface ImportRequest extends BottleRequest {
  /** The export file; ignored when `stream` is given. */
  readonly file: string
  /** Read the export from this stream (`import -`: stdin) instead. */
  readonly stream?: NodeJS.ReadableStream
  /** Restore it under this slug instead of the one it was exported with. */
  readonly as?: string
  /** The most the export may unpack to (DEFAULT_MAX_UNPACKED_BYTES without it). */
  readonly maxBytes?: number
}

export interface ImportResult {
  readonly slug: string
  readonly backend: string
  readonly artifact: string
  readonly resume: string
  readonly stateDir: string
  readonly warnings: readonly string[]
}

/**
 * Restores an export file: the artifact through its backend, then the
 * bottle's metadata and the snapshot, marked preserved like any committed
 * bottle. An existing bottle of that slug is never overwritten, and the
 * slug's lock is held throughout. The file is unpacked with a size cap; the
 * backend checks that its artifact touches nothing but this bottle's own.
 */
export async function importBottle(request: ImportRequest): Promise<ImportResult> {
  if (request.as !== undefined) assertSlug(request.as)
  if (!request.stream) await checkExportFile(request.file)
  const work = await mkdtemp(join(tmpdir(), 'bottle-import-'))
  try {
    const source: ExportSource = request.stream ? {name: 'stdin', stream: request.stream} : {name: request.file}
    await unpackExport(source, work, request.maxBytes ?? DEFAULT_MAX_UNPACKED_BYTES, request.signal)
    const manifest = await readManifest(join(work, MANIFEST), source.name)
    const record = await readBottle(request.stateRoot, request.as ?? manifest.slug)
    const {slug, state} = record
    // One import (or any change) of a slug at a time: two imports of one file cannot both record it.
    await using _lock = await holdBottle(request, slug, 'importing')
    await state.assertOwn()
    if (await state.exists()) {
      throw new BottleError(ErrorCode.BadInput, `bottle ${slug} already exists here (${state.dir}); remove it first: bottle rm ${slug} --purge`)
    }

    const bottle = await openBottle(request, record, {backend: manifest.backend, metadata: manifest.metadata})
    const importArtifact = bottle.need('importArtifact')
    if (manifest.snapshot.arch && manifest.snapshot.arch !== hostArch()) {
      bottle.ctx.warn(`the snapshot was taken on ${manifest.snapshot.arch} and this host is ${hostArch()}: resume refuses it without --any-arch`)
    }

    const made = await preflight(bottle)
    bottle.ctx.info(`loading ${manifest.snapshot.artifact}`)
    let loaded: string
    try {
      loaded = expectReference(await importArtifact(bottle.ctx, manifest.snapshot.artifact, join(work, ARTIFACT_DIR)), manifest.backend, 'importArtifact')
    } catch (error) {
      await made.undo()
      throw error
    }

    await recordOrTakeBack(
      bottle,
      async () => {
        // resumedFrom names a bottle on the other machine: here none has been resumed yet.
        const {resumedFrom: _, ...metadata} = manifest.metadata
        await state.writeMetadata({...metadata, backend: manifest.backend})
        await state.recordSnapshot({...manifest.snapshot, artifact: loaded, via: 'import'}, request.now?.() ?? new Date())
      },
      async () => {
        const fate = await discardArtifact(bottle, loaded)
        await state.remove().catch(() => {})
        return fate
      },
    )
    return {
      slug,
      backend: manifest.backend,
      artifact: loaded,
      resume: `bottle resume ${slug}`,
      stateDir: state.dir,
      warnings: bottle.warnings,
    }
  } finally {
    await rm(work, {recursive: true, force: true})
  }
}

/** A missing or unreadable file is named as such, before tar has a chance to word it its own way. */
async function checkExportFile(file: string): Promise<void> {
  const found = await stat(file).catch((error: NodeJS.ErrnoException) => {
    const reason = error.code === 'ENOENT' ? 'no such file' : error.code === 'EACCES' ? 'permission denied' : error.message
    throw new BottleError(ErrorCode.BadInput, `cannot read ${file}: ${reason}`)
  })
  if (found.isDirectory()) throw new BottleError(ErrorCode.BadInput, `${file} is a folder; give the file bottle export wrote`)
}

async function newestSnapshot(request: BottleRequest & {readonly slug: string}) {
  const record = await readBottle(request.stateRoot, request.slug)
  const snapshot = record.history.at(-1)
  if (!snapshot) {
    throw new BottleError(ErrorCode.BottleNotFound, `bottle ${record.slug} has no snapshot to export; commit it first: bottle commit ${record.slug}`)
  }

  return {bottle: await openBottle(request, record), snapshot}
}

/** Far above any real bottle.json (a few hundred bytes): a bigger one is not read into memory. */
const MAX_MANIFEST_BYTES = 1024 * 1024

async function readManifest(path: string, file: string): Promise<Manifest> {
  const size = (await stat(path).catch(() => undefined))?.size ?? 0
  if (size > MAX_MANIFEST_BYTES) throw new BottleError(ErrorCode.BadInput, `${file} is not a bottle export (its ${MANIFEST} is ${size} bytes, over ${MAX_MANIFEST_BYTES})`)
  const text = await readFile(path, 'utf8').catch(() => null)
  let data: unknown
  try {
    data = text === null ? undefined : JSON.parse(text)
  } catch {
    data = undefined
  }

  const parsed = ManifestSchema.safeParse(data)
  if (!parsed.success) throw new BottleError(ErrorCode.BadInput, `${file} is not a bottle export (no valid ${MANIFEST} in it)`)
  return parsed.data
}

/**
 * Checks where the export goes before any work: the path names a file (not
 * a folder) in a folder that exists and can be written. The partial file is
 * created now, which proves it.
 */
async function claimOutput(file: string, partial: string): Promise<void> {
  const target = await stat(file).catch(() => undefined)
  if (target?.isDirectory()) throw new BottleError(ErrorCode.BadInput, `${file} is a folder: give -o a file name, such as ${join(file, 'bottle.tgz')}`)
  const parent = await stat(dirname(file)).catch(() => undefined)
  if (!parent?.isDirectory()) throw new BottleError(ErrorCode.BadInput, `cannot write ${file}: ${dirname(file)} is not a folder that exists; create it first or pick another -o`)
  try {
    await (await open(partial, 'wx', 0o600)).close()
  } catch (error) {
    throw new BottleError(ErrorCode.BadInput, `cannot write ${file}: ${fileErrorReason(error)}; pick another -o`)
  }
}

async function tar(request: BottleRequest, args: readonly string[]): Promise<void> {
  const result = await runTool('tar', args, {signal: request.signal, trace: request.io.trace})
  // tar's first words are the cause ("not in gzip format"); its last ("Error is not recoverable") are not.
  const cause = result.stderr
    .split('\n')
    .map((line) => line.trim())
    .find(Boolean)
  if (result.exitCode !== 0) throw new ToolFailed(`tar ${args[0]} failed: ${cause ?? `exit code ${result.exitCode}`}`)
}
