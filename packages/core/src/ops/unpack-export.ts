import {createReadStream} from 'node:fs'
import {lstat, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {Transform} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {createGunzip} from 'node:zlib'

import {BottleError, ErrorCode} from '../contract/errors.js'

/** What `bottle import` unpacks at most unless told otherwise (`--max-size`): docs/guarantees.md. */
export const DEFAULT_MAX_UNPACKED_BYTES = 32 * 1024 ** 3

/**
 * Unpacks an export file into `dir` (an empty folder of ours) with the
 * system's tar, counting the bytes as they are decompressed: a file that
 * would unpack to more than `maxBytes` is stopped there, not after it has
 * filled the disk. Then only plain files and folders may be in it: a link
 * could make the import read (and the engine load) a file outside.
 */
export async function unpackExport(file: string, dir: string, maxBytes: number, signal?: AbortSignal): Promise<void> {
  const {execa} = await import('execa')
  const tar = execa('tar', ['-xf', '-', '-C', dir], {reject: false, stdin: 'pipe', cancelSignal: signal})
  let unpacked = 0
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      unpacked += chunk.length
      if (unpacked > maxBytes) done(tooBig(file, maxBytes))
      else done(null, chunk)
    },
  })
  const fed = pipeline(createReadStream(file), createGunzip(), cap, tar.stdin!).catch((error: NodeJS.ErrnoException) => error)
  const [fedError, result] = await Promise.all([fed, tar])
  if (fedError instanceof BottleError) throw fedError
  if (signal?.aborted) throw new BottleError(ErrorCode.Interrupted, `interrupted while unpacking ${file}`)
  // tar stops reading at the archive's end marker, before the padding after it: a closed pipe then is no error.
  const tarClosedEarly = fedError && ['EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'].includes(fedError.code ?? '')
  if (fedError && !tarClosedEarly) throw unreadable(file, fedError.code === 'ENOENT' ? 'no such file' : fedError.message)
  if (result.exitCode !== 0) throw unreadable(file, String(result.stderr).trim().split('\n').at(-1) || `tar exit code ${result.exitCode}`)
  await refuseLinks(dir, file)
}

/** Parses `--max-size`: bytes, or a number with K, M, G or T (powers of 1024). */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(text.trim())
  if (!match) throw new BottleError(ErrorCode.BadInput, `invalid size ${JSON.stringify(text)}: use bytes or a number with K, M, G or T (e.g. 20G)`)
  return Math.floor(Number(match[1]) * 1024 ** 'BKMGT'.indexOf((match[2] || 'B').toUpperCase()))
}

async function refuseLinks(dir: string, file: string): Promise<void> {
  for (const entry of await readdir(dir, {withFileTypes: true, recursive: true})) {
    if (entry.isFile() || entry.isDirectory()) continue
    const path = join(entry.parentPath, entry.name)
    const kind = (await lstat(path)).isSymbolicLink() ? 'a symbolic link' : 'not a plain file'
    throw unreadable(file, `${path.slice(dir.length + 1)} is ${kind}; an export holds plain files only`)
  }
}

function tooBig(file: string, maxBytes: number): BottleError {
  return new BottleError(
    ErrorCode.BadInput,
    `${file} unpacks to more than ${formatSize(maxBytes)}, the most bottle import unpacks; if you expect a snapshot this big, raise it with --max-size`,
  )
}

function unreadable(file: string, reason: string): BottleError {
  return new BottleError(ErrorCode.BadInput, `cannot read ${file} as a bottle export: ${reason}`)
}

function formatSize(bytes: number): string {
  const unit = Math.min(Math.floor(Math.log(Math.max(bytes, 1)) / Math.log(1024)), 4)
  return `${Number((bytes / 1024 ** unit).toFixed(1))} ${['bytes', 'KiB', 'MiB', 'GiB', 'TiB'][unit]}`
}
