#!/usr/bin/env node
// The bottle benchmark: start-up, commit overhead against `docker commit`,
// scaling with 50 extra backend plugins, and peak memory, measured side by
// side in one run against the real Docker engine. Commands of one comparison
// alternate (A B A B ...) so that drift in the machine's load hits both alike;
// the table shows medians and the ratios the targets are stated in.
//
//   node bench/run.mjs [--runs N] [--big-runs N] [--out FILE]
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {cpus, tmpdir, totalmem} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BOTTLE = join(ROOT, 'bin', 'run.js')
const IMAGE = process.env.BOTTLE_TEST_IMAGE ?? 'bottle-test/busybox:latest'
const EXTRA_PLUGINS = 50

const {values: args} = parseArgs({
  options: {
    runs: {type: 'string', default: '15'},
    'big-runs': {type: 'string', default: '5'},
    out: {type: 'string', default: join(ROOT, 'bench', 'results', 'latest.json')},
  },
})
const RUNS = Number(args.runs)
const BIG_RUNS = Number(args['big-runs'])

const work = mkdtempSync(join(tmpdir(), 'bottle-bench-'))
const baseEnv = {
  ...process.env,
  BOTTLE_STATE_DIR: join(work, 'state'),
  BOTTLE_CONFIG_DIR: join(work, 'config'),
  BOTTLE_CACHE_DIR: join(work, 'cache'),
  BOTTLE_DATA_DIR: join(work, 'data-shipped'),
}
const scaledEnv = {...baseEnv, BOTTLE_DATA_DIR: join(work, 'data-scaled'), BOTTLE_CACHE_DIR: join(work, 'cache-scaled')}
const containers = []
const images = []

/** Runs a command once under /usr/bin/time; returns wall milliseconds and peak RSS in KiB. */
function measure(argv, env = baseEnv) {
  const timeFile = join(work, 'time.out')
  const start = process.hrtime.bigint()
  const run = spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, ...argv], {env, encoding: 'utf8'})
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (run.status !== 0) throw new Error(`${argv.join(' ')} failed (${run.status}): ${run.stderr}`)
  const rssKiB = Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1))
  return {ms, rssKiB, stdout: run.stdout.trim()}
}

/** Alternates the commands `runs` times (after one warm-up each); returns each one's samples. */
function compare(commands, runs) {
  const samples = commands.map(() => [])
  for (const command of commands) command()
  for (let i = 0; i < runs; i++) {
    commands.forEach((command, index) => samples[index].push(command()))
  }

  return samples
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function docker(...argv) {
  return execFileSync('docker', argv, {encoding: 'utf8'}).trim()
}

function startBottle(slug, setup) {
  const name = `bot-bottle-${slug}`
  spawnSync('docker', ['rm', '-f', name])
  docker('run', '-d', '--name', name, IMAGE, 'sleep', '1000000')
  containers.push(name)
  if (setup) docker('exec', name, 'sh', '-c', setup)
  return name
}

/** A commit run that remembers the image it made, for clean-up. */
function commitRun(slug, env) {
  return () => {
    const result = measure(['node', BOTTLE, 'commit', slug], env)
    images.push(result.stdout)
    return result
  }
}

let tagCount = 0
function dockerCommitRun(container) {
  return () => {
    const tag = `bottle-bench/${container}:${++tagCount}`
    images.push(tag)
    return measure(['docker', 'commit', container, tag])
  }
}

/** 50 generated backend plugins, linked with `bottle plugins link` into a data dir of their own. */
function linkExtraPlugins() {
  for (let i = 0; i < EXTRA_PLUGINS; i++) {
    const root = join(work, 'extra-plugins', `bottle-backend-extra-${i}`)
    mkdirSync(root, {recursive: true})
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({
        name: `bottle-backend-extra-${i}`,
        version: '1.0.0',
        type: 'module',
        oclif: {},
        bottle: {apiVersion: 1, backends: {[`extra-${i}`]: {freezer: './freezer.js', tool: 'true'}}},
      }),
    )
    writeFileSync(join(root, 'freezer.js'), `export default {apiVersion: 1, async freeze(ctx) { return 'extra:' + ctx.slug }}\n`)
    const link = spawnSync('node', [BOTTLE, 'plugins', 'link', root, '--no-install'], {env: scaledEnv, encoding: 'utf8'})
    if (link.status !== 0) throw new Error(`plugins link failed: ${link.stderr}`)
  }

  const listed = JSON.parse(measure(['node', BOTTLE, 'backends', '--json'], scaledEnv).stdout).backends
  if (listed.length < EXTRA_PLUGINS + 3) throw new Error(`expected ${EXTRA_PLUGINS} extra backends, bottle lists ${listed.length}`)
}

const rows = []
function row(group, name, samples, baseline, target) {
  const ms = median(samples.map((s) => s.ms))
  const rssKiB = median(samples.map((s) => s.rssKiB))
  rows.push({group, name, medianMs: ms, medianRssKiB: rssKiB, baseline, target})
  return ms
}

try {
  console.error(`bench: ${RUNS} runs per command (${BIG_RUNS} on the 200 MB container), in ${work}`)
  const node = () => measure(['node', '-e', '0'])
  const version = () => measure(['node', BOTTLE, '--version'])
  const backends = () => measure(['node', BOTTLE, 'backends', '--json'])

  // Start-up.
  const [nodeS, versionS, backendsS] = compare([node, version, backends], RUNS)
  const nodeMs = row('start-up', 'node -e 0', nodeS)
  row('start-up', 'bottle --version', versionS, {name: 'node -e 0', ms: nodeMs}, 2.0)
  row('start-up', 'bottle backends --json', backendsS, {name: 'node -e 0', ms: nodeMs}, 2.0)

  // Commit overhead on a small container, and peak memory.
  startBottle('bench-small', 'echo work > /root/work.txt')
  const [dockerSmall, bottleSmall, nodeRss] = compare([dockerCommitRun('bot-bottle-bench-small'), commitRun('bench-small'), node], RUNS)
  const dockerSmallMs = row('commit, small container', 'docker commit', dockerSmall)
  const bottleSmallMs = row('commit, small container', 'bottle commit', bottleSmall, {name: 'docker commit', ms: dockerSmallMs})
  const nodeRssMs = median(nodeRss.map((s) => s.ms))
  rows.push({
    group: 'commit, small container',
    name: 'bottle commit minus docker commit',
    medianMs: bottleSmallMs - dockerSmallMs,
    baseline: {name: 'node -e 0', ms: nodeRssMs},
    target: 1.5,
  })
  const nodeRssKiB = median(nodeRss.map((s) => s.rssKiB))
  rows.push({
    group: 'peak memory',
    name: 'bottle commit (max RSS, MiB)',
    medianRssKiB: median(bottleSmall.map((s) => s.rssKiB)),
    baseline: {name: 'node -e 0', rssKiB: nodeRssKiB},
    target: 1.6,
    memory: true,
  })

  // Commit of a container with about 200 MB of changes.
  startBottle('bench-big', 'dd if=/dev/urandom of=/root/big.bin bs=1048576 count=200 2>/dev/null')
  const [dockerBig, bottleBig] = compare([dockerCommitRun('bot-bottle-bench-big'), commitRun('bench-big')], BIG_RUNS)
  const dockerBigMs = row('commit, 200 MB container', 'docker commit', dockerBig)
  row('commit, 200 MB container', 'bottle commit', bottleBig, {name: 'docker commit', ms: dockerBigMs}, 1.05)

  // Scaling: the same commands with 50 extra plugins linked.
  console.error(`bench: linking ${EXTRA_PLUGINS} generated backend plugins`)
  linkExtraPlugins()
  const scaledBackends = () => measure(['node', BOTTLE, 'backends', '--json'], scaledEnv)
  const scaledVersion = () => measure(['node', BOTTLE, '--version'], scaledEnv)
  const [v0, v50, b0, b50, c0, c50] = compare(
    [version, scaledVersion, backends, scaledBackends, commitRun('bench-small'), commitRun('bench-small', scaledEnv)],
    RUNS,
  )
  const v0Ms = row('scaling', 'bottle --version, shipped plugins', v0)
  row('scaling', `bottle --version, +${EXTRA_PLUGINS} plugins`, v50, {name: 'shipped plugins only', ms: v0Ms}, 1.15)
  const b0Ms = row('scaling', 'bottle backends --json, shipped plugins', b0)
  row('scaling', `bottle backends --json, +${EXTRA_PLUGINS} plugins`, b50, {name: 'shipped plugins only', ms: b0Ms}, 1.15)
  const c0Ms = row('scaling', 'bottle commit, shipped plugins', c0)
  row('scaling', `bottle commit, +${EXTRA_PLUGINS} plugins`, c50, {name: 'shipped plugins only', ms: c0Ms}, 1.15)
} finally {
  spawnSync('docker', ['rm', '-f', ...containers])
  for (let i = 0; i < images.length; i += 50) spawnSync('docker', ['rmi', '-f', ...images.slice(i, i + 50)])
  rmSync(work, {recursive: true, force: true})
}

for (const r of rows) {
  if (r.memory) r.ratio = r.medianRssKiB / r.baseline.rssKiB
  else if (r.baseline) r.ratio = r.medianMs / r.baseline.ms
  if (r.target) r.met = r.ratio <= r.target
}

const machine = {
  cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  docker: docker('version', '--format', '{{.Server.Version}}'),
  date: new Date().toISOString(),
}
mkdirSync(dirname(args.out), {recursive: true})
writeFileSync(args.out, JSON.stringify({machine, runs: RUNS, bigRuns: BIG_RUNS, rows}, null, 2) + '\n')

const fmt = (r) => (r.memory ? `${(r.medianRssKiB / 1024).toFixed(1)} MiB` : `${r.medianMs.toFixed(1)} ms`)
console.log(`machine: ${machine.cpus}, ${machine.memoryGiB} GiB, node ${machine.node}, docker engine ${machine.docker}`)
console.log('| group | command | median | against | ratio | target | met |')
console.log('| --- | --- | --- | --- | --- | --- | --- |')
for (const r of rows) {
  const against = r.baseline ? `${r.baseline.name} (${r.memory ? `${(r.baseline.rssKiB / 1024).toFixed(1)} MiB` : `${r.baseline.ms.toFixed(1)} ms`})` : ''
  console.log(
    `| ${r.group} | ${r.name} | ${fmt(r)} | ${against} | ${r.ratio ? r.ratio.toFixed(2) : ''} | ${r.target ? `<= ${r.target}` : ''} | ${r.target ? (r.met ? 'yes' : 'NO') : ''} |`,
  )
}

console.log(`\nwritten to ${args.out}`)
