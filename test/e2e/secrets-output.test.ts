import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {TEST_IMAGE, docker, removeContainers, removeImages} from '../support/docker.js'

// No secret value in any output: every channel (stdout, stderr, --json, BOTTLE_DEBUG traces and stacks), every command that takes -e.
const run = `so${process.pid}`
/** An image at hand whose command does not exist: the engine takes every -e, then `docker run` fails. */
const BROKEN_IMAGE = `${run}-broken:1`
const SECRETS = {
  GH_TOKEN: 'ghp_e2eNoLeak0123456789',
  GITHUB_PAT: 'github_pat_e2eNoLeak0123',
  npm_config__authToken: 'npm_e2eNoLeakAuthToken',
  MYSQL_PWD: 'mysqlNoLeak77',
  SENTRY_DSN: 'https://sentrykeynoleak@o1.ingest.sentry.io/1',
  DATABASE_URL: 'postgres://app:dbPassNoLeak99@db.internal:5432/app',
  /** Declared secret only by the config's secretEnv. */
  CORP_THING: 'corpThingNoLeak55',
}
const leaks = (text: string) =>
  Object.values(SECRETS)
    .flatMap((value) => [value, ...(value.startsWith('postgres') ? ['dbPassNoLeak99'] : [])])
    .filter((value) => text.includes(value))
const entries = Object.entries(SECRETS).map(([name, value]) => `${name}=${value}`)
const channels: Record<string, {args: string[]; env: Record<string, string>}> = {
  plain: {args: [], env: {}},
  json: {args: ['--json'], env: {}},
  debug: {args: [], env: {BOTTLE_DEBUG: '1'}},
  'debug --json': {args: ['--json'], env: {BOTTLE_DEBUG: '1'}},
}
let box: Sandbox
const containers: string[] = []

beforeAll(async () => {
  box = await makeSandbox()
  await mkdir(box.env.BOTTLE_CONFIG_DIR, {recursive: true})
  await writeFile(join(box.env.BOTTLE_CONFIG_DIR, 'config.json'), JSON.stringify({secretEnv: ['CORP_*']}))
  const source = `${run}-broken-source`
  await docker('create', '--name', source, TEST_IMAGE)
  await docker('commit', '--change', 'CMD ["/no/such/command"]', source, BROKEN_IMAGE)
  await removeContainers(source)
})
afterAll(async () => {
  await removeContainers(...containers)
  await removeImages(BROKEN_IMAGE)
  await box.cleanup()
})

/** Every -e command, failing in each way it can once it has the entries: malformed entries, a tool that fails, and success. */
const commands: Record<string, (slug: string, env: string[]) => string[]> = {
  'launch, malformed': (slug) => ['launch', slug, '--image', TEST_IMAGE, '-e', `export GH_TOKEN=${SECRETS.GH_TOKEN}`, '-e', SECRETS.GITHUB_PAT],
  'resume, malformed': (slug) => ['resume', slug, '--from', TEST_IMAGE, '--backend', 'docker', '-e', `export MYSQL_PWD=${SECRETS.MYSQL_PWD}`, '-e', SECRETS.CORP_THING],
  'launch, the tool fails': (slug, env) => ['launch', slug, '--image', BROKEN_IMAGE, ...env.flatMap((e) => ['-e', e])],
  'resume, the tool fails': (slug, env) => ['resume', slug, '--from', BROKEN_IMAGE, '--backend', 'docker', ...env.flatMap((e) => ['-e', e])],
  'launch, success': (slug, env) => ['launch', slug, '--image', TEST_IMAGE, ...env.flatMap((e) => ['-e', e]), '--', 'sleep', '1000'],
}

describe('secret values never reach the output', () => {
  for (const [command, args] of Object.entries(commands)) {
    it(`${command}: stdout, stderr, --json, BOTTLE_DEBUG`, async () => {
      for (const [channel, {args: extra, env}] of Object.entries(channels)) {
        const slug = `${run}-${command.replaceAll(/[^a-z]+/g, '-')}-${channel.replaceAll(/[^a-z]+/g, '-')}`.slice(0, 60)
        containers.push(`bot-bottle-${slug}`)
        const result = await box.bottle([...args(slug, entries), ...extra], {env: {...env, ...SECRETS}})
        const output = `${result.stdout}\n${result.stderr}`
        expect(result.exitCode, `${command} ${channel}: ${output}`).toBe(command.endsWith('success') ? 0 : command.endsWith('malformed') ? 2 : 5)
        expect(leaks(output), `${command} ${channel}: ${output}`).toEqual([])
        if (channel.startsWith('debug') && !command.endsWith('malformed')) expect(output).toMatch(/\$ docker .*run .*-e CORP_THING=\*\*\* /)
      }
    })
  }
})
