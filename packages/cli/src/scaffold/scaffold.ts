import {BackendNameSchema, BottleError, ErrorCode} from '@bottle/core'
import {chmod, cp, mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {basename, dirname, join, resolve} from 'node:path'

/**
 * Where the build put the template: the example backend, copied by
 * scripts/copy-template.mjs into the package's dist/template. Found from the
 * package's own package.json, as this code may be bundled into any chunk.
 */
export const TEMPLATE_DIR = join(dirname(createRequire(import.meta.url).resolve('@bottle/cli/package.json')), 'dist', 'template')

/** The template's own backend name, replaced by the new one where it is a name (not in code). */
const TEMPLATE_BACKEND = 'folder'

const PACKAGE_NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/

export interface ScaffoldRequest {
  /** The folder to write; created, or empty. */
  readonly dir: string
  /** The backend's name, as users will pass it to --backend. */
  readonly backend: string
  /** The npm package name; default: the folder's name. */
  readonly packageName?: string
}

export interface ScaffoldResult {
  readonly dir: string
  readonly packageName: string
  readonly backend: string
  readonly files: readonly string[]
}

interface TemplatePackage {
  name: string
  description?: string
  private?: boolean
  dependencies: Record<string, string>
  bottle: {apiVersion: number; backends: Record<string, Record<string, unknown>>}
  [key: string]: unknown
}

/**
 * Writes a backend plugin package into `dir`: the example backend's sources
 * and tests, with a package.json that declares `backend` and depends on the
 * published @bottle/core this CLI was built with.
 */
export async function scaffoldPlugin(request: ScaffoldRequest): Promise<ScaffoldResult> {
  const dir = resolve(request.dir)
  const {backend} = request
  const nameCheck = BackendNameSchema.safeParse(backend)
  if (!nameCheck.success) throw new BottleError(ErrorCode.BadInput, `--backend ${JSON.stringify(backend)}: ${nameCheck.error.issues[0]?.message}`)
  const packageName = request.packageName ?? basename(dir)
  if (!PACKAGE_NAME.test(packageName) || packageName.length > 214) {
    throw new BottleError(ErrorCode.BadInput, `${JSON.stringify(packageName)} is not a valid npm package name: pass one with --name`)
  }

  const existing = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw new BottleError(ErrorCode.BadInput, `cannot write the plugin into ${dir}: ${error.message}`)
  })
  if (existing.length > 0) throw new BottleError(ErrorCode.BadInput, `${dir} is not empty: pick a new folder; nothing was written`)

  const template = JSON.parse(await readFile(join(TEMPLATE_DIR, 'package.json'), 'utf8')) as TemplatePackage
  await mkdir(dir, {recursive: true})
  for (const entry of ['src', 'test', 'tsconfig.json']) await cp(join(TEMPLATE_DIR, entry), join(dir, entry), {recursive: true})
  // The tool's doubles are scripts; npm publishes every file but a bin without its execute bit.
  const doubles = join(dir, 'test', 'double')
  for (const double of await readdir(doubles)) await chmod(join(doubles, double), 0o755)
  const testFile = join(dir, 'test', 'conformance.test.ts')
  await writeFile(testFile, (await readFile(testFile, 'utf8')).replaceAll(`name: '${TEMPLATE_BACKEND}'`, `name: '${backend}'`))
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(await packageJson(template, packageName, backend), null, 2)}\n`)
  await writeFile(join(dir, 'README.md'), readme(packageName, backend))
  await writeFile(join(dir, '.gitignore'), 'node_modules/\ndist/\n')
  return {dir, packageName, backend, files: await listFiles(dir)}
}

async function packageJson(template: TemplatePackage, name: string, backend: string): Promise<TemplatePackage> {
  const {private: _private, ...rest} = template
  const declaration = template.bottle.backends[TEMPLATE_BACKEND]
  return {
    ...rest,
    name,
    version: '0.1.0',
    description: `bottle backend "${backend}" (from bottle plugins new: bottles that are folders, frozen with tar; replace them with your tool)`,
    bottle: {
      ...template.bottle,
      backends: {[backend]: {...declaration, description: `folders under backends.${backend}.root, frozen with tar`}},
    },
    // The published core this CLI was built with: the plugin gets its own copy at install.
    dependencies: {...template.dependencies, '@bottle/core': `^${await coreVersion()}`},
  }
}

async function coreVersion(): Promise<string> {
  const manifest = createRequire(import.meta.url).resolve('@bottle/core/package.json')
  return (JSON.parse(await readFile(manifest, 'utf8')) as {version: string}).version
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), {withFileTypes: true})
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? listFiles(dir, join(prefix, entry.name)) : [join(prefix, entry.name)])))
  return nested.flat().sort()
}

function readme(name: string, backend: string): string {
  return `# ${name}

A [bottle](https://www.npmjs.com/package/bottle) backend plugin: \`bottle launch <slug> --backend ${backend}\`,
\`bottle commit\`, \`resume\`, \`export\`/\`import\`. As written by \`bottle plugins new\`, its bottles are
folders under \`backends.${backend}.root\` (launched from a folder, frozen with tar): replace
\`src/freezer.ts\` and \`src/lifecycle.ts\` with your tool's commands, and \`test/\` with a double of it.

    npm install
    npm run build
    npm test                      # both conformance suites of @bottle/core/testing
    bottle plugins link .         # try it with your bottle
    npm publish                   # then: bottle plugins install ${name}

The guide: docs/plugin-authors.md in bottle's repository, and the types in
\`node_modules/@bottle/core/dist/contract/*.d.ts\`.
`
}
