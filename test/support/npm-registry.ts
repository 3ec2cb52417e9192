import {execa, type ResultPromise} from 'execa'
import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises'
import {createServer} from 'node:net'
import {homedir, tmpdir} from 'node:os'
import {join} from 'node:path'

import {REPO_ROOT} from './cli.js'

/** A Verdaccio of this test's own on loopback: publish to it, install from it. */
export interface NpmRegistry {
  readonly url: string
  /** npm's environment for this registry: its URL and a user's token, in a userconfig of its own. */
  readonly env: Record<string, string>
  stop(): Promise<void>
}

/** Names this project publishes: wiped from the cached storage before each start, so each run publishes afresh. */
const OWN_PACKAGES = /^(@bottle|bottle|bottle-backend-.*)$/

/**
 * Starts Verdaccio (installed by scripts/verdaccio.sh) on a free loopback
 * port. Third-party packages come through its uplink to the npm registry
 * this machine uses and stay in a storage kept between runs, so only the
 * first run downloads them; this project's packages are never proxied.
 */
export async function startNpmRegistry(): Promise<NpmRegistry> {
  const {stdout: bin} = await execa('bash', [join(REPO_ROOT, 'scripts', 'verdaccio.sh')])
  const {stdout: uplink} = await execa('npm', ['config', 'get', 'registry'])
  const tools = process.env.BOTTLE_TOOLS_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'bottle-tools')
  const storage = join(tools, 'verdaccio-storage')
  await mkdir(storage, {recursive: true})
  for (const entry of await readdir(storage)) {
    if (OWN_PACKAGES.test(entry) || entry === '.verdaccio-db.json') await rm(join(storage, entry), {recursive: true, force: true})
  }

  const dir = await mkdtemp(join(tmpdir(), 'bottle-npm-registry-'))
  const port = await freePort()
  const own = {access: '$all', publish: '$authenticated', unpublish: '$authenticated'}
  const config = {
    storage,
    auth: {htpasswd: {file: join(dir, 'htpasswd'), max_users: 10}},
    uplinks: {upstream: {url: uplink.trim(), maxage: '60m', timeout: '60s'}},
    packages: {'@bottle/*': own, bottle: own, 'bottle-backend-*': own, '**': {...own, proxy: 'upstream'}},
    listen: `127.0.0.1:${port}`,
    log: {type: 'file', path: join(dir, 'verdaccio.log'), level: 'warn'},
    middlewares: {audit: {enabled: false}},
  }
  // JSON is YAML: no YAML writer needed.
  await writeFile(join(dir, 'config.yaml'), JSON.stringify(config, null, 2))
  const server: ResultPromise = execa(bin.trim(), ['--config', join(dir, 'config.yaml')], {reject: false, stdio: 'ignore', cleanup: true})
  const url = `http://127.0.0.1:${port}/`

  const stop = async () => {
    server.kill()
    await server
    await rm(dir, {recursive: true, force: true})
  }

  try {
    await waitUntilUp(url, server)
    const token = await addUser(url)
    const userconfig = join(dir, 'npmrc')
    await writeFile(userconfig, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`)
    return {url, env: {npm_config_userconfig: userconfig, npm_config_registry: url, npm_config_update_notifier: 'false'}, stop}
  } catch (error) {
    await stop()
    throw error
  }
}

async function waitUntilUp(url: string, server: ResultPromise): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (server.exitCode !== null) throw new Error(`verdaccio exited with ${server.exitCode}`)
    const up = await fetch(`${url}-/ping`).then(
      (response) => response.ok,
      () => false,
    )
    if (up) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }

  throw new Error(`verdaccio did not answer on ${url} within 30 s`)
}

/** Registers a user the way `npm adduser` does, and returns its token. */
async function addUser(url: string): Promise<string> {
  const response = await fetch(`${url}-/user/org.couchdb.user:bottle`, {
    method: 'PUT',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({name: 'bottle', password: 'bottle-e2e'}),
  })
  const body = (await response.json()) as {token?: string}
  if (!body.token) throw new Error(`verdaccio refused the test user: ${response.status} ${JSON.stringify(body)}`)
  return body.token
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
