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
import {readdirSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {createRequire} from 'node:module'
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
    build.onResolve({filter: /\/locales\/index\.c?js$/}, (args) =>
      args.importer.includes('/node_modules/zod/') ? {path: join(dirname(args.importer), '..', 'locales', basename(args.path)), namespace: 'zod-locales'} : undefined,
    )
    build.onLoad({filter: /.*/, namespace: 'zod-locales'}, (args) => ({
      contents: args.path.endsWith('.cjs')
        ? "Object.defineProperty(exports, '__esModule', {value: true}); exports.en = require('./en.cjs').default\n"
        : "export {default as en} from './en.js'\n",
      resolveDir: dirname(args.path),
    }))
  },
}

const LOADER = join(ROOT, 'packages/core/src/code-cache.ts')

/**
 * Third-party libraries every run loads go to one CommonJS bundle per
 * package, dist/vendor.cjs, which the package's ES modules load through
 * loadCached (packages/core/src/code-cache.ts) with V8's code cache: Node 20
 * caches no ES module's compiled code. `modules` maps each import specifier
 * the sources use to the names its module exports.
 */
function vendorPlugin(modules) {
  return {
    name: 'vendor',
    setup(build) {
      const specifiers = new Set(Object.keys(modules))
      build.onResolve({filter: /.*/}, (args) => (specifiers.has(args.path) && !args.importer.includes('/node_modules/') ? {path: args.path, namespace: 'vendor'} : undefined))
      build.onLoad({filter: /.*/, namespace: 'vendor'}, (args) => ({
        contents: [
          `import {loadCached} from ${JSON.stringify(LOADER)}`,
          "import {fileURLToPath} from 'node:url'",
          // Any chunk of the package: its dist/ folder holds vendor.cjs.
          "const dist = import.meta.url.slice(0, import.meta.url.lastIndexOf('/dist/') + '/dist/'.length)",
          `const vendor = loadCached(fileURLToPath(dist + 'vendor.cjs'))[${JSON.stringify(args.path)}]`,
          `export const {${modules[args.path].join(', ')}} = vendor`,
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'js',
      }))
    },
  }
}

/** Each specifier with the names its module exports (as the package resolves it). */
function exportNames(root, specifiers) {
  const require = createRequire(join(root, 'package.json'))
  return Object.fromEntries(specifiers.map((specifier) => [specifier, Object.keys(require(specifier)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default')]))
}

/** Builds dist/vendor.cjs: the modules, keyed by specifier, with import() sent to the loader's own (see loadCached). */
async function buildVendor(root, modules) {
  const entry = `module.exports = {${Object.keys(modules)
    .map((specifier) => `${JSON.stringify(specifier)}: require(${JSON.stringify(specifier)})`)
    .join(', ')}}`
  const result = await build({
    absWorkingDir: root,
    stdin: {contents: entry, resolveDir: root, loader: 'js'},
    outfile: join(root, 'dist', 'vendor.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    charset: 'ascii',
    external: OPTIONAL_TOOLCHAINS,
    plugins: [zodEnglishOnly],
    write: false,
    logLevel: 'warning',
  })
  for (const file of result.outputFiles) writeFileSync(file.path, file.text.replace(/(?<![\w$.'"`])import\(/g, '__bottleImport('))
}

/** Package folder and its entry points (output name without .js -> source). */
const PACKAGES = [
  {
    dir: 'packages/core',
    entries: {
      index: 'src/index.ts',
      'contract/index': 'src/contract/index.ts',
      'testing/index': 'src/testing/index.ts',
      // Imported by the doubles, plain scripts run outside any test runner.
      'testing/double': 'src/testing/double.ts',
    },
    // The author's kit runs inside the author's own vitest.
    external: ['vitest'],
    vendor: ['zod', 'cosmiconfig'],
  },
  {
    dir: 'packages/cli',
    entries: {index: 'src/index.ts', run: 'src/run.ts'},
    // Required by bin/run.js, CommonJS: `bottle --version` starts no ES module loader.
    commonjs: {'fast-version': 'src/fast-version.ts'},
    external: ['@bottle/core', '@bottle/core/*'],
    vendor: ['@oclif/core/execute', '@oclif/core/command', '@oclif/core/flags', '@oclif/core/args'],
  },
  {dir: 'plugins/docker', entries: {freezer: 'src/freezer.ts', lifecycle: 'src/lifecycle.ts'}, external: ['@bottle/core', '@bottle/core/*']},
  {dir: 'plugins/macos-container', entries: {freezer: 'src/freezer.ts', lifecycle: 'src/lifecycle.ts'}, external: ['@bottle/core', '@bottle/core/*']},
  {dir: 'plugins/smolmachines', entries: {freezer: 'src/freezer.ts', lifecycle: 'src/lifecycle.ts'}, external: ['@bottle/core', '@bottle/core/*']},
]

/** Removes the JavaScript of an earlier build (stale chunks would be shipped), keeping tsc's declarations. */
function removeScripts(dir) {
  for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (entry.isFile() && /\.c?js(\.map)?$/.test(entry.name)) rmSync(join(entry.parentPath, entry.name))
  }
}

await Promise.all(
  PACKAGES.map(async ({dir, entries, commonjs = {}, external, vendor: specifiers = []}) => {
    const root = join(ROOT, dir)
    const outdir = join(root, 'dist')
    const vendor = exportNames(root, specifiers)
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
      plugins: [vendorPlugin(vendor), zodEnglishOnly],
      logLevel: 'warning',
    })
    if (Object.keys(vendor).length > 0) await buildVendor(root, vendor)
    for (const [out, src] of Object.entries(commonjs)) {
      await build({entryPoints: [join(root, src)], outfile: join(outdir, `${out}.cjs`), bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning'})
    }
  }),
)
