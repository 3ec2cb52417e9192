import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {homedir} from 'node:os'
import {basename, dirname, join} from 'node:path'
import {Script} from 'node:vm'

/**
 * Loads a CommonJS bundle of third-party code (oclif, zod, cosmiconfig: see
 * scripts/bundle.mjs) with V8's code cache. Node 20 has no compile cache for
 * ES modules; compiling these libraries was the largest part of start-up
 * after bundling. The cache of a bundle is written once, when a process
 * exits with 0 (so it holds the functions the run compiled), in bottle's cache dir,
 * keyed by the Node version, the bundle's size and time and Node's flags; a
 * cache V8 rejects is rewritten, and older caches of the bundle removed. Without a writable cache dir bottle just
 * compiles, as before.
 */
export function loadCached(file: string): unknown {
  // One copy per process, whoever asks (oclif would otherwise load a second one).
  const registered = cjs.cache[file]
  if (registered) return registered.exports

  const source = readFileSync(file, 'latin1') // the bundles are ASCII (esbuild escapes the rest)
  const cacheFile = cachePath(file)
  let cachedData: Buffer | undefined
  try {
    cachedData = cacheFile ? readFileSync(cacheFile) : undefined
  } catch {}

  const script = new Script(`(function (exports, require, module, __filename, __dirname, __bottleImport) {${source}\n})`, {filename: file, cachedData})
  const module = {exports: {}, filename: file, id: file, loaded: false, children: [], paths: [], path: dirname(file)} as unknown as NodeJS.Module
  cjs.cache[file] = module
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void
  // Code from an accepted cache loses its dynamic-import hook (Node 20): the bundles' import() calls come here instead.
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file), importModule)
  module.loaded = true
  // Only after a run that succeeded: a failed one (bad input, say) leaves the disk as it found it.
  if (cacheFile && (!cachedData || script.cachedDataRejected)) process.once('exit', (code) => code === 0 && writeCache(cacheFile, script))
  return module.exports
}

const cjs = createRequire(import.meta.url)

function importModule(specifier: string): Promise<unknown> {
  return import(specifier)
}

/** The cache of `file`: `<cache dir>/v8/<hash of its path>-<hash of what the cache depends on>.bin`. */
function cachePath(file: string): string | undefined {
  try {
    const {size, mtimeMs} = statSync(file)
    const key = hash([process.version, process.arch, size, mtimeMs, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? ''].join('\n'))
    return join(cacheDir(), 'v8', `${hash(file)}-${key}.bin`)
  } catch {
    return undefined
  }
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16)

/** oclif's cache dir for bottle: BOTTLE_CACHE_DIR, else ~/Library/Caches/bottle (macOS), else XDG_CACHE_HOME/bottle or ~/.cache/bottle. */
function cacheDir(): string {
  if (process.env.BOTTLE_CACHE_DIR) return process.env.BOTTLE_CACHE_DIR
  const home = process.env.HOME || homedir()
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'bottle')
  return join(process.env.XDG_CACHE_HOME || join(home, '.cache'), 'bottle')
}

/** Writes the cache and removes the older ones of the same bundle (an earlier build, another Node). */
function writeCache(cacheFile: string, script: Script): void {
  try {
    const dir = dirname(cacheFile)
    mkdirSync(dir, {recursive: true})
    const temp = `${cacheFile}.${process.pid}.tmp`
    writeFileSync(temp, script.createCachedData())
    renameSync(temp, cacheFile)
    const bundle = basename(cacheFile).slice(0, basename(cacheFile).indexOf('-') + 1)
    for (const old of readdirSync(dir)) if (old.startsWith(bundle) && old.endsWith('.bin') && old !== basename(cacheFile)) rmSync(join(dir, old), {force: true})
  } catch {
    // A cache that cannot be written costs the next run a compile, nothing else.
  }
}
