import {chmod, mkdir, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {snapshot} from '../support/snapshot.js'

/**
 * Every kind of bad input a user, a config file, a hand-edited state file, a
 * plugin or a backend tool can give `bottle commit`: each must end in one
 * clear line on stderr, the documented exit code, no stack trace, nothing on
 * stdout, and no file changed.
 */
interface Case {
  readonly name: string
  readonly args?: readonly string[]
  readonly exit: number
  readonly message: RegExp
  /** Files to write under the sandbox before the run, by path relative to it. */
  readonly files?: Record<string, string>
  /** A fake backend tool: for each verb (its first argument), what it prints and its exit code. */
  readonly tool?: {readonly name: string; readonly verbs: Record<string, {out?: string; err?: string; code?: number}>}
  /** Plugins to link: folder name -> package.json `bottle` key and files. */
  readonly plugin?: {readonly bottle: unknown; readonly files?: Record<string, string>}
}

const SLUG = 'b1'
const meta = (backend: string) => ({[`state/${SLUG}/metadata.json`]: JSON.stringify({backend})})
const userConfig = (content: string) => ({'config/config.json': content})
const dockerTool = (verbs: NonNullable<Case['tool']>['verbs']): Case['tool'] => ({name: 'docker', verbs})
const INSPECT_OK = JSON.stringify([{Mounts: [], Config: {Env: ['PATH=/bin', 'GH_TOKEN=ghp_secretvalue123']}, State: {Running: false, Paused: false}}])

const badSlugs = ['../x', '..', ' ', 'a b', 'Demo', '_x', 'x/y', 'x;rm -rf', '$(id)', 'é', 'a'.repeat(65), 'x\ny', 'x.y', '😀', '-']

const cases: Case[] = [
  ...badSlugs.map((slug): Case => ({name: `slug ${JSON.stringify(slug)}`, args: ['commit', slug], exit: 2, message: /^bottle: (invalid slug .*: use 1-64 characters|.*flag)/})),
  {name: 'slug empty', args: ['commit', ''], exit: 2, message: /^bottle: invalid slug "": use 1-64 characters/},

  {name: 'no slug', args: ['commit'], exit: 2, message: /^bottle: Missing 1 required arg/},
  {name: 'two slugs', args: ['commit', 'a', 'b'], exit: 2, message: /^bottle: Unexpected argument: b/},
  {name: 'unknown long flag', args: ['commit', 'a', '--nope'], exit: 2, message: /^bottle: Nonexistent flag: --nope/},
  {name: 'unknown short flag', args: ['commit', 'a', '-z'], exit: 2, message: /^bottle: Nonexistent flag: -z/},
  {name: 'value for --yes', args: ['commit', 'a', '--yes=maybe'], exit: 2, message: /^bottle: Unexpected argument/},
  {name: 'value for --wait', args: ['commit', 'a', '--wait=1'], exit: 2, message: /^bottle: Unexpected argument/},
  {name: '--no-wait', args: ['commit', 'a', '--no-wait'], exit: 2, message: /^bottle: Nonexistent flag: --no-wait/},
  {name: '--no-yes', args: ['commit', 'a', '--no-yes'], exit: 2, message: /^bottle: Nonexistent flag: --no-yes/},
  {name: 'value for --scrub', args: ['commit', 'a', '--scrub=off'], exit: 2, message: /^bottle: Unexpected argument/},
  {name: '--live with --stop', args: ['commit', 'a', '--live', '--stop'], exit: 2, message: /^bottle: --live cannot be used with --stop; see bottle commit --help$/},
  {
    name: '--live with --include-workspace',
    args: ['commit', 'a', '--live', '--include-workspace'],
    exit: 2,
    message: /^bottle: --include-workspace cannot be used with --live; see bottle commit --help$/,
  },
  {name: 'value for --live', args: ['commit', 'a', '--live=yes'], exit: 2, message: /^bottle: Unexpected argument/},
  {
    name: '--include-workspace on docker',
    args: ['commit', SLUG, '--include-workspace'],
    exit: 2,
    files: meta('docker'),
    message: /^bottle: backend "docker" has no workspace to include \(--include-workspace\); commit without it$/,
  },
  {
    name: '--live on a backend that declares no live freeze',
    args: ['commit', SLUG, '--live'],
    exit: 2,
    files: meta('odd'),
    plugin: {bottle: {apiVersion: 1, backends: {odd: {freezer: './f.js'}}}, files: {'f.js': 'export default {apiVersion: 1, async freeze() { return "x" }}'}},
    message: /^bottle: backend "odd" cannot freeze a bottle without stopping it \(see bottle backends\); commit without --live, and it asks before stopping a running bottle$/,
  },
  {
    name: '--stop on a backend with no lifecycle',
    args: ['commit', SLUG, '--stop'],
    exit: 3,
    files: meta('odd'),
    plugin: {bottle: {apiVersion: 1, backends: {odd: {freezer: './f.js'}}}, files: {'f.js': 'export default {apiVersion: 1, async freeze() { return "x" }}'}},
    message: /^bottle: backend "odd" does not support status \(it declares no lifecycle: it only commits\)$/,
  },
  {
    name: 'smolmachines includeWorkspace not a boolean',
    args: ['commit', SLUG],
    exit: 2,
    files: {...meta('smolmachines'), 'config/config.json': '{"backends": {"smolmachines": {"includeWorkspace": "yes"}}}'},
    message: /^bottle: invalid config .*config\.json: backends\.smolmachines\.includeWorkspace: /,
  },
  {
    name: 'macos-container plainHttpRegistries not a list',
    args: ['commit', SLUG],
    exit: 2,
    files: {...meta('macos-container'), 'config/config.json': '{"backends": {"macos-container": {"plainHttpRegistries": "127.0.0.1:5000"}}}'},
    message: /^bottle: invalid config .*config\.json: backends\.macos-container\.plainHttpRegistries: /,
  },

  ...(
    [
      ['not JSON', '{', /cannot read config .*config\.json/],
      ['a list', '[]', /invalid config .*config\.json: /],
      ['a string', '"x"', /invalid config .*config\.json: /],
      ['a number', '42', /invalid config .*config\.json: /],
      ['unknown key', '{"nope": 1}', /invalid config .*config\.json: nope/],
      ['prefix a number', '{"prefix": 7}', /invalid config .*: prefix: /],
      ['prefix empty', '{"prefix": ""}', /invalid config .*: prefix: /],
      ['prefix with a space', '{"prefix": "a b"}', /invalid config .*: prefix: must be a valid container name start/],
      ['prefix starting with -', '{"prefix": "-x"}', /invalid config .*: prefix: must be a valid container name start/],
      ['stateDir empty', '{"stateDir": ""}', /invalid config .*: stateDir: /],
      ['stateDir a number', '{"stateDir": 5}', /invalid config .*: stateDir: /],
      ['backends a list', '{"backends": []}', /invalid config .*: backends: /],
      ['backends.docker a number', '{"backends": {"docker": 5}}', /invalid config .*: backends\.docker: /],
      ['docker binary a number', '{"backends": {"docker": {"binary": 7}}}', /invalid config .*: backends\.docker\.binary: /],
      ['docker binary empty', '{"backends": {"docker": {"binary": ""}}}', /invalid config .*: backends\.docker\.binary: /],
      ['docker unknown option', '{"backends": {"docker": {"colour": "blue"}}}', /invalid config .*: backends\.docker: .*colour/],
      ['tag scheme without timestamp', '{"backends": {"docker": {"tagScheme": "b/{slug}:latest"}}}', /backends\.docker\.tagScheme: must contain \{timestamp\}/],
      ['pause a string', '{"backends": {"docker": {"pause": "yes"}}}', /backends\.docker\.pause: /],
      ['context empty', '{"backends": {"docker": {"context": ""}}}', /backends\.docker\.context: /],
      ['docker secretEnv a string', '{"backends": {"docker": {"secretEnv": "X"}}}', /backends\.docker\.secretEnv: /],
      ['secretEnv a string', '{"secretEnv": "X_*"}', /invalid config .*: secretEnv: /],
      ['secretEnv with an empty name', '{"secretEnv": [""]}', /invalid config .*: secretEnv\.0: /],
      ['secretFiles numbers', '{"secretFiles": [1]}', /invalid config .*: secretFiles\.0: /],
      ['backendPlugins empty name', '{"backendPlugins": {"docker": ""}}', /invalid config .*: backendPlugins\.docker: /],
      ['trustedPlugins a string', '{"trustedPlugins": "x"}', /invalid config .*: trustedPlugins: /],
    ] as const
  ).map(([name, content, message]): Case => ({name: `user config: ${name}`, args: ['commit', SLUG], exit: 2, files: userConfig(content), message})),
  {name: 'YAML config: bad syntax', args: ['commit', SLUG], exit: 2, files: {'config/config.yaml': 'prefix: [\n'}, message: /^bottle: cannot read config .*config\.yaml/},
  {
    name: 'YAML config: wrong type',
    args: ['commit', SLUG],
    exit: 2,
    files: {'config/config.yaml': 'prefix:\n  - a\n'},
    message: /^bottle: invalid config .*config\.yaml: prefix: /,
  },
  {
    name: 'project config: bad JSON',
    args: ['commit', SLUG],
    exit: 2,
    files: {'package.json': '{}', '.bottlerc.json': '{"prefix": '},
    message: /^bottle: cannot read config .*\.bottlerc\.json/,
  },
  {
    name: 'project config: bad key',
    args: ['commit', SLUG],
    exit: 2,
    files: {'package.json': '{}', '.bottlerc': '{"prefx": "a"}'},
    message: /^bottle: invalid config .*\.bottlerc: prefx/,
  },
  {
    name: 'project config: tag scheme not a reference',
    args: ['commit', SLUG],
    exit: 2,
    files: {'package.json': '{}', '.bottlerc.json': '{"backends": {"docker": {"tagScheme": "UPPER/{slug}:{timestamp}"}}}'},
    tool: dockerTool({inspect: {out: INSPECT_OK}}),
    message: /^bottle: backends\.docker\.tagScheme gives "UPPER\/b1:.*", which is not a valid image reference/,
  },

  ...(
    [
      ['truncated', '{"backend": ', 6, /metadata\.json is not valid JSON; fix or remove it \(it was left untouched\)$/],
      ['empty', '', 6, /metadata\.json is not valid JSON/],
      ['garbage', 'backend=docker', 6, /metadata\.json is not valid JSON/],
      ['a list', '[]', 6, /metadata\.json is malformed/],
      ['a string', '"docker"', 6, /metadata\.json is malformed/],
      ['null', 'null', 6, /metadata\.json is malformed/],
      ['backend a number', '{"backend": 5}', 6, /metadata\.json is malformed \(backend: /],
      ['agentName a list', '{"agentName": []}', 6, /metadata\.json is malformed \(agentName: /],
      ['startedAt an object', '{"startedAt": {}}', 6, /metadata\.json is malformed \(startedAt: /],
      ['unknown backend', '{"backend": "firecracker"}', 3, /unknown backend "firecracker": registered backends are /],
      ['backend in upper case', '{"backend": "DOCKER"}', 3, /unknown backend "DOCKER"/],
    ] as const
  ).map(([name, content, exit, message]): Case => ({name: `metadata.json ${name}`, args: ['commit', SLUG], exit, files: {[`state/${SLUG}/metadata.json`]: content}, message})),
  {
    name: 'metadata.json is a folder',
    args: ['commit', SLUG],
    exit: 6,
    files: {[`state/${SLUG}/metadata.json/x`]: ''},
    message: /^bottle: cannot read bottle state at .*metadata\.json: /,
  },
  ...(
    [
      ['truncated', '{"artifact": "bottle/b1:1"', /committed\.json is not valid JSON; fix or remove it \(it was left untouched\)$/],
      ['empty object', '{}', /committed\.json is malformed \(artifact: /],
      ['artifact empty', '{"artifact": "", "backend": "docker", "committedAt": "x"}', /committed\.json is malformed \(artifact: /],
      ['a list', '[1]', /committed\.json is malformed/],
    ] as const
  ).map(
    ([name, content, message]): Case => ({
      name: `committed.json ${name}`,
      args: ['commit', SLUG],
      exit: 6,
      files: {[`state/${SLUG}/committed.json`]: content},
      tool: dockerTool({inspect: {out: INSPECT_OK}}),
      message,
    }),
  ),
  {
    name: 'state root is a file',
    args: ['commit', SLUG],
    exit: 6,
    files: {'state-file': ''},
    message: /^bottle: cannot read bottle state at .*state-file\/b1\/metadata\.json: a parent is not a folder$/,
  },

  ...(
    [
      ['no apiVersion', {backends: {odd: {freezer: './f.js'}}}, /odd/],
      ['apiVersion 2', {apiVersion: 2, backends: {odd: {freezer: './f.js'}}}, /odd/],
      ['freezer missing', {apiVersion: 1, backends: {odd: {}}}, /odd/],
      ['freezer outside the package', {apiVersion: 1, backends: {odd: {freezer: '../../etc/passwd'}}}, /odd/],
      ['backends a list', {apiVersion: 1, backends: ['odd']}, /odd/],
      ['module does not exist', {apiVersion: 1, backends: {odd: {freezer: './missing.js'}}}, /odd/],
    ] as const
  ).map(([name, bottle, message]): Case => ({name: `plugin declaration: ${name}`, args: ['commit', SLUG], exit: 3, files: meta('odd'), plugin: {bottle}, message})),
  ...(
    [
      ['module throws on import', "throw new Error('boom at import')", 3, /odd/],
      ['no default export', 'export const x = 1', 3, /odd/],
      ['default export a string', "export default 'freezer'", 3, /odd/],
      ['freeze not a function', 'export default {apiVersion: 1, freeze: 1}', 3, /odd/],
      ['freezer apiVersion 9', 'export default {apiVersion: 9, async freeze() { return "x" }}', 3, /odd/],
      ['freeze returns an empty string', 'export default {apiVersion: 1, async freeze() { return "" }}', 3, /backend "odd" returned no artifact reference from freeze\(\)$/],
      ['freeze returns a number', 'export default {apiVersion: 1, async freeze() { return 42 }}', 3, /backend "odd" returned no artifact reference/],
      [
        'freeze throws a tool failure by code',
        "export default {apiVersion: 1, async freeze() { throw Object.assign(new Error('odd tool said no'), {code: 'BOTTLE_TOOL_FAILED'}) }}",
        5,
        /^bottle: odd tool said no$/,
      ],
      [
        'freeze throws bad input by code',
        "export default {apiVersion: 1, async freeze() { throw Object.assign(new Error('odd option wrong'), {code: 'BOTTLE_BAD_INPUT'}) }}",
        2,
        /^bottle: odd option wrong$/,
      ],
      [
        'freeze throws not found by code',
        "export default {apiVersion: 1, async freeze() { throw Object.assign(new Error('no odd bottle'), {code: 'BOTTLE_NOT_FOUND'}) }}",
        4,
        /^bottle: no odd bottle \(backend odd\)$/,
      ],
      [
        'freeze throws a plain error',
        "export default {apiVersion: 1, async freeze() { throw new Error('bug in odd\\nsecond line') }}",
        3,
        /^bottle: backend "odd": freeze\(\) failed: bug in odd$/,
      ],
      [
        'freeze throws a string',
        "export default {apiVersion: 1, async freeze() { throw 'odd string' }}",
        3,
        /^bottle: backend "odd": freeze\(\) failed: it threw "odd string", not an Error$/,
      ],
      [
        'options schema rejects',
        "export default {apiVersion: 1, optionsSchema: {'~standard': {version: 1, vendor: 'x', validate: () => ({issues: [{message: 'needs root', path: ['root']}]})}}, async freeze() { return 'x' }}",
        2,
        /^bottle: invalid config config: backends\.odd\.root: needs root$/,
      ],
    ] as const
  ).map(
    ([name, code, exit, message]): Case => ({
      name: `plugin module: ${name}`,
      args: ['commit', SLUG],
      exit,
      files: meta('odd'),
      plugin: {bottle: {apiVersion: 1, backends: {odd: {freezer: './f.js'}}}, files: {'f.js': code}},
      message,
    }),
  ),

  ...(
    [
      [
        'inspect: no such container',
        {inspect: {err: 'Error: No such container: bot-bottle-b1', code: 1}},
        4,
        /^bottle: no container named bot-bottle-b1 \(docker: Error: No such container: bot-bottle-b1\); b1 has no bottle state, so it was taken for a docker bottle: a bottle of another backend gets its state from bottle launch b1 --backend <name>$/,
      ],
      ['inspect: no such object (older engines)', {inspect: {err: 'Error: No such object: bot-bottle-b1', code: 1}}, 4, /^bottle: no container named bot-bottle-b1/],
      [
        'inspect: daemon down',
        {inspect: {err: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', code: 1}},
        5,
        /^bottle: cannot reach the container engine: Cannot connect/,
      ],
      ['inspect: garbage', {inspect: {out: 'this is not json'}}, 5, /^bottle: docker inspect printed output that is not JSON: "this is not json"$/],
      ['inspect: empty output', {inspect: {out: ''}}, 5, /^bottle: docker inspect printed output that is not JSON: ""$/],
      ['inspect: empty list', {inspect: {out: '[]'}}, 5, /^bottle: docker inspect printed an unexpected JSON shape \(.+\)$/],
      ['inspect: an object', {inspect: {out: '{}'}}, 5, /^bottle: docker inspect printed an unexpected JSON shape \(.+\)$/],
      ['inspect: Mounts a number', {inspect: {out: '[{"Mounts": 5}]'}}, 5, /unexpected JSON shape \(0\.Mounts: .+\)$/],
      ['inspect: Env not a list', {inspect: {out: '[{"Config": {"Env": "A=1"}}]'}}, 5, /unexpected JSON shape \(0\.Config\.Env: .+\)$/],
      ['inspect: truncated JSON', {inspect: {out: '[{"Mounts": ['}}, 5, /not JSON/],
      ['inspect: exit 2 with a message', {inspect: {err: 'unknown flag: --type', code: 2}}, 5, /^bottle: docker inspect of bot-bottle-b1 failed: unknown flag: --type$/],
      ['inspect: exit 127, silent', {inspect: {code: 127}}, 5, /^bottle: docker inspect of bot-bottle-b1 failed: exit code 127$/],
      [
        'commit: fails with a message',
        {inspect: {out: INSPECT_OK}, commit: {err: 'Error response from daemon: no space left on device', code: 1}},
        5,
        /^bottle: docker commit of bot-bottle-b1 failed: Error response from daemon: no space left on device$/,
      ],
      ['commit: exit 125, silent', {inspect: {out: INSPECT_OK}, commit: {code: 125}}, 5, /^bottle: docker commit of bot-bottle-b1 failed: exit code 125$/],
      [
        'commit: succeeds but the secret value is still in the image',
        {inspect: {out: INSPECT_OK}, commit: {out: 'sha256:abc'}, image: {out: '["GH_TOKEN=ghp_secretvalue123"]\t[]'}},
        5,
        /^bottle: docker left values of GH_TOKEN in .*'s config, so it was removed; commit with --no-scrub to keep them on purpose$/,
      ],
      ['commit: image cannot be inspected', {inspect: {out: INSPECT_OK}, commit: {out: 'sha256:abc'}, image: {code: 1, err: 'Error: No such image'}}, 5, /left values of GH_TOKEN/],
      ['inspect: secret name an ENV cannot set', {inspect: {out: JSON.stringify([{Config: {Env: ['MY APP_TOKEN=x']}}])}}, 5, /^bottle: cannot blank MY APP_TOKEN in the image/],
    ] as const
  ).map(
    ([name, verbs, exit, message]): Case => ({
      name: `docker tool: ${name}`,
      args: ['commit', SLUG],
      exit,
      tool: dockerTool(verbs),
      message,
    }),
  ),
  ...(
    [
      ['status: garbage', {machine: {out: 'nope'}}, 5, /^bottle: smolvm machine status printed output that is not JSON: "nope"$/],
      ['status: empty', {machine: {out: ''}}, 5, /^bottle: smolvm machine status printed output that is not JSON: ""$/],
      ['status: wrong shape', {machine: {out: '{"status": 1}'}}, 5, /^bottle: smolvm machine status printed an unexpected JSON shape \(state: .+\)$/],
      ['status: not found', {machine: {err: "Error: machine 'bot-bottle-b1' not found", code: 1}}, 4, /^bottle: no machine named bot-bottle-b1/],
      ['status: exit 3', {machine: {err: 'Error: agent unreachable', code: 3}}, 5, /^bottle: smolvm machine status of bot-bottle-b1 failed: Error: agent unreachable$/],
      [
        'pack: fails',
        {machine: {out: '{"state": "stopped"}'}, pack: {err: 'Error: pack failed: disk full', code: 1}},
        5,
        /^bottle: smolvm pack create of bot-bottle-b1 failed: Error: pack failed: disk full$/,
      ],
      ['pack: claims success, writes nothing', {machine: {out: '{"state": "stopped"}'}, pack: {out: 'Packed'}}, 5, /reported success but wrote no /],
    ] as const
  ).map(
    ([name, verbs, exit, message]): Case => ({
      name: `smolvm tool: ${name}`,
      args: ['commit', SLUG],
      exit,
      tool: {name: 'smolvm', verbs},
      files: meta('smolmachines'),
      message,
    }),
  ),
  ...(
    [
      ['inspect: garbage', {inspect: {out: '<html>'}}, 5, /^bottle: container inspect printed output that is not JSON/],
      ['inspect: empty', {inspect: {out: ''}}, 5, /^bottle: container inspect printed output that is not JSON/],
      ['inspect: not found', {inspect: {err: 'Error: notFound: "container not found: bot-bottle-b1"', code: 1}}, 4, /^bottle: no container named bot-bottle-b1/],
      [
        'inspect: service not started',
        {inspect: {err: 'Error: internalError: "XPC connection error" Ensure container system service has been started with `container system start`.', code: 1}},
        5,
        /^bottle: container inspect of bot-bottle-b1 failed: .*container system start/,
      ],
    ] as const
  ).map(
    ([name, verbs, exit, message]): Case => ({
      name: `container tool: ${name}`,
      args: ['commit', SLUG],
      exit,
      tool: {name: 'container', verbs},
      files: meta('macos-container'),
      message,
    }),
  ),
]

/** A fake tool: for its first argument (its verb), prints the canned output and exits with the canned code. */
async function writeTool(dir: string, tool: NonNullable<Case['tool']>): Promise<string> {
  const root = join(dir, 'tool')
  await mkdir(root, {recursive: true})
  for (const [verb, reply] of Object.entries(tool.verbs)) {
    if (reply.out !== undefined) await writeFile(join(root, `${verb}.out`), reply.out)
    if (reply.err !== undefined) await writeFile(join(root, `${verb}.err`), `${reply.err}\n`)
    await writeFile(join(root, `${verb}.code`), String(reply.code ?? 0))
  }

  const path = join(root, tool.name)
  await writeFile(
    path,
    '#!/bin/sh\nd=$(dirname "$0")\n[ -f "$d/$1.out" ] && cat "$d/$1.out"\n[ -f "$d/$1.err" ] && cat "$d/$1.err" >&2\nexit "$(cat "$d/$1.code" 2>/dev/null || echo 0)"\n',
  )
  await chmod(path, 0o755)
  return path
}

/** Writes the case's files, plugin and tool; returns the environment of the run (the tool first on PATH). */
async function setUp(box: Sandbox, c: Case): Promise<Record<string, string>> {
  const tool = c.tool ? await writeTool(box.dir, c.tool) : undefined
  for (const [path, content] of Object.entries(c.files ?? {})) {
    await mkdir(join(box.dir, path, '..'), {recursive: true})
    await writeFile(join(box.dir, path), content)
  }

  if (c.files?.['state-file'] !== undefined) box.env.BOTTLE_STATE_DIR = join(box.dir, 'state-file')
  if (c.plugin) {
    const root = join(box.dir, 'odd-plugin')
    await mkdir(root, {recursive: true})
    await writeFile(join(root, 'package.json'), JSON.stringify({name: 'bottle-odd', version: '1.0.0', type: 'module', oclif: {}, bottle: c.plugin.bottle}))
    for (const [file, content] of Object.entries(c.plugin.files ?? {})) await writeFile(join(root, file), content)
    await mkdir(box.env.BOTTLE_DATA_DIR!, {recursive: true})
    await writeFile(
      join(box.env.BOTTLE_DATA_DIR!, 'package.json'),
      JSON.stringify({name: 'bottle', private: true, oclif: {schema: 1, plugins: [{name: 'bottle-odd', root, type: 'link'}]}}),
    )
  }

  if (!tool) return {}
  // No engine at that socket: bottle asks the docker CLI, and these cases are the CLI's answers (test/e2e/engine-api.test.ts has the API's).
  return {PATH: `${dirname(tool)}:${process.env.PATH}`, ...(c.tool?.name === 'docker' ? {DOCKER_HOST: `unix://${box.dir}/no-engine.sock`} : {})}
}

describe.concurrent('bad input: one line, the documented exit code, no stack, nothing changed', () => {
  it('has at least 100 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100)
  })

  for (const c of cases) {
    it(`${c.name}: exit ${c.exit}`, async () => {
      const box = await makeSandbox()
      try {
        const env = await setUp(box, c)
        const before = await snapshot(box.dir)
        const run = await box.bottle(c.args ?? ['commit', SLUG], {env})
        // Progress and warnings may come first; the failure is one line, the last.
        const lines = run.stderr.split('\n')
        expect(lines.filter((line) => line.startsWith('bottle: '))).toHaveLength(1)
        expect(lines.at(-1)).toMatch(/^bottle: /)
        expect(lines.at(-1)).toMatch(c.message)
        expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+/)
        expect(run.stderr).not.toContain('ghp_secretvalue123')
        expect(run.stdout).toBe('')
        expect(run.exitCode).toBe(c.exit)
        expect(await snapshot(box.dir)).toEqual(before)
      } finally {
        await box.cleanup()
      }
    })
  }
})
