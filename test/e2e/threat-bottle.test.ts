import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type Sandbox, makeSandbox} from '../support/cli.js'
import {cliOnlyEnv, docker, removeContainers, removeImages, startContainer} from '../support/docker.js'

// Threat model, "a bottle": what runs inside cannot hide credential files from the check, nor write to the user's terminal.
const run = `tb${process.pid}`
const containers: string[] = []
const images: string[] = []
let box: Sandbox
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202E]/

beforeAll(async () => {
  box = await makeSandbox()
})

afterAll(async () => {
  await removeContainers(...containers)
  await removeImages(...images)
  await box.cleanup()
})

/** A bottle that runs as uid 1000 with HOME=/work/u, after root put a credential file into /root (mode 700). */
async function nonRootBottle(name: string): Promise<{slug: string; container: string}> {
  const slug = `${run}-${name}`
  const container = await startContainer(`bot-bottle-${slug}`, ['--user', '1000:1000', '-e', 'HOME=/work/u'])
  containers.push(container)
  await docker('exec', '-u', '0', container, 'sh', '-c', 'mkdir -p /root/.aws /work/u && echo k > /root/.aws/credentials && chmod 700 /root && chown 1000 /work/u')
  await docker(
    'exec',
    container,
    'sh',
    '-c',
    'mkdir -p $HOME/.ssh $HOME/.config/gh && echo t > $HOME/.config/gh/hosts.yml && echo pub > $HOME/.ssh/id_ed25519.pub && echo key > $HOME/.ssh/id_ed25519',
  )
  return {slug, container}
}

describe('the credential-file check sees what the engine commits', () => {
  it('warns about files in /root and in the home of a non-root user, whoever the bottle runs as; public keys are not credentials', async () => {
    const {slug, container} = await nonRootBottle('nonroot')
    const result = await box.bottle(['commit', slug, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const {warnings, artifact} = JSON.parse(result.stdout)
    images.push(artifact)
    expect(warnings).toContain(
      `credential files in ${container} are in the image: /root/.aws/credentials, /work/u/.config/gh/hosts.yml, /work/u/.ssh/id_ed25519; remove them from the bottle and commit again before sharing the image`,
    )
  })

  it('looks in a stopped bottle too, since the engine commits its files all the same', async () => {
    const {slug, container} = await nonRootBottle('stopped')
    await docker('stop', '-t', '0', container)
    const result = await box.bottle(['commit', slug, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const {warnings, artifact} = JSON.parse(result.stdout)
    images.push(artifact)
    expect(warnings.join('\n')).toContain('are in the image: /root/.aws/credentials, ')
  })

  it('says when it could not look', async () => {
    const slug = `${run}-gone`
    // docker diff fails on a container that is not there; the inspect that follows reports it as missing.
    const result = await box.bottle(['commit', slug])
    expect(result.exitCode).toBe(4)
    const {slug: other, container} = await nonRootBottle('nolook')
    // A docker stand-in whose diff fails: everything else goes to the real one.
    const {mkdir, writeFile, chmod} = await import('node:fs/promises')
    const {join} = await import('node:path')
    const bin = join(box.dir, 'fake-docker')
    await mkdir(bin, {recursive: true})
    const real = (await import('execa')).execaSync('sh', ['-c', 'command -v docker']).stdout
    await writeFile(join(bin, 'docker'), `#!/bin/sh\n[ "$1" = diff ] && { echo "Error: diff is broken here" >&2; exit 1; }\nexec ${real} "$@"\n`)
    await chmod(join(bin, 'docker'), 0o755)
    // Under a docker context other than default, so that the changes are asked of the CLI rather than the engine's API.
    const looked = await box.bottle(['commit', other, '--json'], {env: {PATH: `${bin}:${process.env.PATH}`, ...(await cliOnlyEnv(box.dir))}})
    expect(looked.exitCode, looked.stderr).toBe(0)
    const parsed = JSON.parse(looked.stdout)
    images.push(parsed.artifact)
    expect(parsed.warnings).toContain(`credential files were not looked for in ${container}: docker diff failed: Error: diff is broken here`)
  })
})

describe('nothing from inside a bottle reaches the terminal raw', () => {
  it('escapes control characters in file names in warnings, on stderr and in --json', async () => {
    const slug = `${run}-ctrl`
    const container = await startContainer(`bot-bottle-${slug}`)
    containers.push(container)
    // A key file whose name clears the screen, moves the cursor and rewrites the line.
    await docker('exec', container, 'sh', '-c', `mkdir -p /root/.ssh && touch "/root/.ssh/id_$(printf '\\033[2J\\033[H\\rok\\302\\23331m\\342\\200\\256\\nbottle: all clear')"`)
    const result = await box.bottle(['commit', slug])
    expect(result.exitCode, result.stderr).toBe(0)
    images.push(result.stdout)
    expect(result.stderr).not.toMatch(RAW_CONTROL)
    // The engine's API lists the whole name, its line break included (escaped too): no line of it stands on its own.
    expect(result.stderr).toContain('/root/.ssh/id_\\x1b[2J\\x1b[H\\x0dok\\x9b31m\\u202e\\x0abottle: all clear; remove them')
    expect(result.stderr.split('\n').filter((line) => line.startsWith('bottle: all clear'))).toEqual([])
    const json = await box.bottle(['commit', slug, '--json'])
    images.push(JSON.parse(json.stdout).artifact)
    expect(json.stdout).not.toMatch(RAW_CONTROL)
    expect(JSON.parse(json.stdout).warnings.join('\n')).toContain('/root/.ssh/id_\u001B[2J')
  })
})
