import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'

/** Every file under `dir` with its content, to prove a failed command changed nothing. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const entry of await readdir(dir, {recursive: true, withFileTypes: true})) {
    const path = join(entry.parentPath, entry.name)
    files[path] = entry.isFile() ? await readFile(path, 'utf8') : '<dir>'
  }

  return files
}
