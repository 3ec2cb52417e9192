#!/usr/bin/env node
// Writes docs/commands.md from the commands themselves (`bottle help --json`), so that the reference
// and `bottle <command> --help` say the same words. `--check` fails (exit 1) when the file is stale.
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(root, 'docs', 'commands.md')

/** The order of the root help's groups; a command missing here is listed after them, never left out. */
const GROUPS = [
  ['Bottles', ['launch', 'ls', 'commit', 'snapshots', 'snapshots rm', 'resume', 'rm']],
  ['Moving', ['export', 'import']],
  ['Set-up', ['doctor', 'backends', 'plugins', 'completion', 'help']],
]

const PREAMBLE = `# Commands

Generated from the commands themselves by \`pnpm docs\` (scripts/gen-commands-doc.mjs): \`bottle <command> --help\`
says the same. A test fails when this file is stale.

Every command takes:

- \`-h\`, \`--help\`: its help (also \`bottle help <command>\`);
- \`--json\`: one JSON object on stdout instead of text, with the same exit code; a failure is
  \`{"error": {"code", "message", "exitCode"}}\`;
- \`--no-color\` (or the \`NO_COLOR\` environment variable): no colour.

Results go to stdout, everything else (progress, warnings, hints, questions) to stderr. Every failure
is one line on stderr, \`bottle: <what is wrong and what to do>\`, with an exit code from the table in
the README. A mistyped command is exit 127: on a terminal bottle asks whether you meant the nearest
command (default No: Enter runs nothing); without one it prints the suggestion and runs nothing.
\`bottle --version\` prints the version (\`--version --json\`: as JSON).
`

function helpJson() {
  // A data dir of its own: plugins the user installed are not part of the reference.
  const dataDir = mkdtempSync(join(tmpdir(), 'bottle-docs-'))
  try {
    const env = {...process.env, BOTTLE_DATA_DIR: dataDir, NO_COLOR: '1'}
    return JSON.parse(execFileSync(process.execPath, [join(root, 'bin', 'run.js'), 'help', '--json'], {env, encoding: 'utf8'})).commands
  } finally {
    rmSync(dataDir, {recursive: true, force: true})
  }
}

/** Text for Markdown: `<slug>` must not read as an HTML tag. */
const text = (value) => value.replaceAll('<', '\\<').replaceAll('>', '\\>')

/** A description's paragraphs; indented lines (aligned lists) stay as they are, in a text block. */
function description(value) {
  return value
    .split(/\n\s*\n/)
    .map((paragraph) => {
      const lines = paragraph.split('\n')
      const first = lines.findIndex((line) => /^\s/.test(line))
      if (first === -1) return text(lines.join('\n'))
      const lead = lines.slice(0, first).join('\n')
      return [lead && text(lead), '```text', ...lines.slice(first), '```'].filter(Boolean).join('\n')
    })
    .join('\n\n')
}

function flagName(flag) {
  const long = `--${flag.allowNo ? `[no-]${flag.name}` : flag.name}${flag.type === 'option' ? ` <${flag.options ? flag.options.join('|') : 'value'}>` : ''}`
  return flag.char ? `-${flag.char}, ${long}` : long
}

const cell = (value) => text(value).replaceAll('|', '\\|').replaceAll('\n', ' ')

function section(command) {
  const out = [`### \`bottle ${command.id}\``, '', text(command.summary), '', '```text', ...command.usage, '```', '']
  if (command.aliases.length > 0) out.push(`Alias: ${command.aliases.map((alias) => `\`bottle ${alias}\``).join(', ')}.`, '')
  if (command.description) out.push(description(command.description), '')
  if (command.args.length > 0) {
    out.push('| Argument | |', '| --- | --- |')
    for (const arg of command.args) out.push(`| \`${arg.name.toUpperCase()}\`${arg.required ? '' : ' (optional)'} | ${cell(arg.description)} |`)
    out.push('')
  }

  const flags = command.flags.filter((flag) => flag.group !== 'GLOBAL' && flag.name !== 'json')
  if (flags.length > 0) {
    out.push('| Flag | |', '| --- | --- |')
    for (const flag of flags) {
      const extra = [flag.required && 'required', flag.multiple && 'repeatable', flag.default !== undefined && flag.default !== true && `default: ${flag.default}`]
      out.push(`| \`${flagName(flag)}\` | ${cell(flag.description)}${extra.some(Boolean) ? ` (${extra.filter(Boolean).join('; ')})` : ''} |`)
    }

    out.push('')
  }

  if (command.examples.length > 0) {
    out.push('```sh')
    for (const example of command.examples) {
      if (example.description) out.push(`# ${example.description}`)
      out.push(example.command)
    }

    out.push('```', '')
  }

  return out.join('\n')
}

export function render(commands) {
  const own = commands.filter((command) => command.plugin === '@bottle/cli')
  const others = commands.filter((command) => command.plugin !== '@bottle/cli')
  const placed = new Set(GROUPS.flatMap(([, ids]) => ids))
  const groups = [...GROUPS, ['Other', own.map((command) => command.id).filter((id) => !placed.has(id))]]
  const out = [PREAMBLE]
  for (const [title, ids] of groups) {
    const members = ids.map((id) => own.find((command) => command.id === id)).filter(Boolean)
    if (members.length === 0) continue
    out.push(`## ${title}`, '')
    for (const command of members) out.push(section(command))
  }

  if (others.length > 0) {
    out.push('## Managing plugins', '', 'From `@oclif/plugin-plugins` (see `bottle plugins <command> --help`); `bottle plugins install` first checks that the plugin is trusted.', '')
    out.push('| Command | |', '| --- | --- |')
    for (const command of others) out.push(`| \`bottle ${command.id}\` | ${cell(command.summary)} |`)
    out.push('')
  }

  return `${out.join('\n').trimEnd()}\n`
}

const generated = render(helpJson())
if (process.argv.includes('--check')) {
  const current = (() => {
    try {
      return readFileSync(target, 'utf8')
    } catch {
      return ''
    }
  })()
  if (current !== generated) {
    process.stderr.write('docs/commands.md is stale: run pnpm docs and commit it\n')
    process.exit(1)
  }
} else {
  writeFileSync(target, generated)
  process.stdout.write(`wrote ${target}\n`)
}
