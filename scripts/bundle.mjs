#!/usr/bin/env node
// Bundles the shipped packages with esbuild (tsc -b, run first, type-checks and
// writes the declarations). Node 20 loads every file of an unbundled tree one
// by one, which was half of bottle's start-up: each package becomes a few
// files instead. Splitting keeps what a command does not need (execa, the
// commands, zod) in chunks that only the code using them imports.
//
// @bottle/core stays a package of its own, left external by the CLI and the
// plugins: host and shipped plugins then share one copy of it, and of the
// zod it re-exports. A third-party plugin brings its own copy, as before.
import {build} from 'esbuild'
import {readdirSync, rmSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

// CommonJS dependencies bundled into ESM call require(): give each chunk one.
const REQUIRE_BANNER = "import {createRequire as __bottleCreateRequire} from 'node:module';const require = __bottleCreateRequire(import.meta.url);"

// Loaded by oclif and cosmiconfig only to read TypeScript sources or configs,
// from the user's own installation when there is one; bundling typescript alone would add 10 MB.
const OPTIONAL_TOOLCHAINS = ['typescript', 'ts-node', 'tsx', 'tsx/*']

/**
 * zod's namespace object carries every message locale (`z.locales`, 358 KB of
 * the 750 KB it bundles to), which bottle never uses and which Node would
 * parse on every run: the bundle keeps English, the default, only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({filter: /\/locales\/index\.js$/}, (args) =>
      args.importer.includes('/node_modules/zod/') ? {path: join(dirname(args.importer), '../locales/index.js'), namespace: 'zod-locales'} : undefined,
    )
    build.onLoad({filter: /.*/, namespace: 'zod-locales'}, (args) => ({
      contents: "export {default as en} from './en.js'\n",
      resolveDir: dirname(args.path),
    }))
  },
}

/** Package folder and its entry points (output name without .js -> source). */
const PACKAGES = [
  {
    dir: 'packages/core',
    entries: {index: 'src/index.ts', 'contract/index': 'src/contract/index.ts', 'testing/index': 'src/testing/index.ts'},
    // The author's kit runs inside the author's own vitest.
    external: ['vitest'],
  },
  {
    dir: 'packages/cli',
    entries: {index: 'src/index.ts', run: 'src/run.ts', 'fast-version': 'src/fast-version.ts'},
    external: ['@bottle/core', '@bottle/core/*'],
  },
  {dir: 'plugins/docker', entries: {freezer: 'src/freezer.ts', lifecycle: 'src/lifecycle.ts'}, external: ['@bottle/core', '@bottle/core/*']},
  {dir: 'plugins/macos-container', entries: {freezer: 'src/freezer.ts', lifecycle: 'src/lifecycle.ts'}, external: ['@bottle/core', '@bottle/core/*']},
  {dir: 'plugins/smolmachines', entries: {freezer: 'src/freezer.ts', lifecycle: 'src/lifecycle.ts'}, external: ['@bottle/core', '@bottle/core/*']},
]

/** Removes the JavaScript of an earlier build (stale chunks would be shipped), keeping tsc's declarations. */
function removeScripts(dir) {
  for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (entry.isFile() && /\.js(\.map)?$/.test(entry.name)) rmSync(join(entry.parentPath, entry.name))
  }
}

await Promise.all(
  PACKAGES.map(async ({dir, entries, external}) => {
    const root = join(ROOT, dir)
    const outdir = join(root, 'dist')
    removeScripts(outdir)
    await build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(Object.entries(entries).map(([out, src]) => [out, join(root, src)])),
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // BOTTLE_DEBUG turns source maps on: stack traces then point into the sources.
      sourcemap: 'linked',
      sourcesContent: false,
      chunkNames: 'chunks/[name]-[hash]',
      banner: {js: REQUIRE_BANNER},
      external: [...external, ...OPTIONAL_TOOLCHAINS],
      plugins: [zodEnglishOnly],
      logLevel: 'warning',
    })
  }),
)
