// Writes docs/plugin-contract.md, the reference of what plugin authors import,
// from the .d.ts files the build made (the files an author gets from npm):
// `node packages/core/scripts/contract-reference.mjs [--check]`. With --check
// it writes nothing and fails when the page is not what the types say.
import {readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import ts from 'typescript'

const core = new URL('../', import.meta.url)
const page = fileURLToPath(new URL('../../../docs/plugin-contract.md', import.meta.url))
const entries = [
  ['@bottle/core/plugin', 'dist/contract/index.d.ts', 'the contract: what a backend implements, throws and may call'],
  ['@bottle/core/testing', 'dist/testing/index.d.ts', 'the author kit: conformance suites and a test context (needs vitest)'],
]

const files = entries.map(([, file]) => fileURLToPath(new URL(file, core)))
const program = ts.createProgram(files, {module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true})
const checker = program.getTypeChecker()

const sections = entries.map(([specifier, , what], index) => {
  const module = checker.getSymbolAtLocation(program.getSourceFile(files[index]))
  const blocks = checker.getExportsOfModule(module).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    const text = symbol.declarations.map((declaration) => declarationText(declaration)).join('\n')
    // Paths as a package user sees them, the same on every machine: dist/... of ours, the package name of a dependency.
    const local = (path) => path.replace(/^.*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/.*$/, '$1').replace(/^.*\/dist\//, 'dist/')
    const from = local(symbol.declarations[0].getSourceFile().fileName)
    const name = symbol.name.startsWith('"') ? local(symbol.name.slice(1, -1)) : symbol.name
    const alias = exported.name === name ? '' : ` (\`${name}\`, exported as \`${exported.name}\`)`
    return `### \`${exported.name}\`${alias}\n\n\`${from}\`\n\n\`\`\`ts\n${text}\n\`\`\``
  })
  return `## \`${specifier}\`\n\n${what[0].toUpperCase()}${what.slice(1)}.\n\n${blocks.join('\n\n')}`
})

const content = `# Plugin contract reference

Generated from the type declarations of \`@bottle/core\` (\`node_modules/@bottle/core/dist/**/*.d.ts\` in a
plugin's folder) by \`node packages/core/scripts/contract-reference.mjs\`; a test fails when it is stale. The guide
is [plugin-authors.md](plugin-authors.md).

${sections.join('\n\n')}
`

if (process.argv.includes('--check')) {
  if (readFileSync(page, 'utf8') !== content) {
    process.stderr.write(`${page} is stale: run node packages/core/scripts/contract-reference.mjs after pnpm build\n`)
    process.exit(1)
  }
} else {
  writeFileSync(page, content)
}

/** The declaration as the .d.ts has it, with its doc comment; a variable with its `declare const` line. */
function declarationText(declaration) {
  const node = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration
  const source = node.getSourceFile().text
  const comments = ts.getLeadingCommentRanges(source, node.getFullStart()) ?? []
  const doc = comments.filter((range) => source.slice(range.pos, range.pos + 3) === '/**').at(-1)
  return `${doc ? `${source.slice(doc.pos, doc.end)}\n` : ''}${node.getText()}`
}
