import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {z} from 'zod'

import {BottleError, ErrorCode} from '../contract/errors.js'

/** Where `bottle config trust` records the project config files the user trusts, by path and content hash. */
export const TRUST_FILE = 'trusted-configs.json'

const TrustFileSchema = z.object({files: z.record(z.string(), z.string())})

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex')
}

/** The trusted files: absolute path to the sha256 of the content that was trusted. */
export async function readTrustedFiles(configDir: string): Promise<Record<string, string>> {
  const path = join(configDir, TRUST_FILE)
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw new BottleError(ErrorCode.BadInput, `cannot read ${path}: ${error.message}`)
  })
  if (text === null) return {}
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {}

  const parsed = TrustFileSchema.safeParse(data)
  if (!parsed.success) throw new BottleError(ErrorCode.BadInput, `${path} is not a list of trusted config files; fix or delete it`)
  return parsed.data.files
}
