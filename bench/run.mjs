#!/usr/bin/env node
// The bottle benchmark: start-up, commit overhead against `docker commit`,
// scaling with 50 extra backend plugins, and peak memory, measured side by
// side in one run against the real Docker engine. Commands of one comparison
// alternate (A B A B ...) so that drift in the machine's load hits both alike;
// each ratio is the median of the rounds' ratios, against `node -e 0` or
// `docker commit` measured in the same rounds, as the targets are stated.
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
    for (const [index, command] of commands.entries()) samples[index].push(command())
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

function startBottle(slug, setup, runOptions = []) {
  const name = `bot-bottle-${slug}`
  spawnSync('docker', ['rm', '-f', name])
  docker('run', '-d', '--name', name, ...runOptions, IMAGE, 'sleep', '1000000')
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

/**
 * One row of the table: `value(i)` and `baseline(i)` are the figures of the
 * i-th round of an interleaved comparison; the ratio is the median of the
 * rounds' ratios, so that a burst of load on the machine hits both sides of
 * the rounds it lands in rather than one side of the table.
 */
function row(measure, rounds, value, baseline, baselineName, target, unit = 'ms') {
  const values = Array.from({length: rounds}, (_, i) => value(i))
  const baselines = Array.from({length: rounds}, (_, i) => baseline(i))
  const ratio = median(values.map((v, i) => v / baselines[i]))
  rows.push({measure, unit, median: median(values), baseline: {name: baselineName, median: median(baselines)}, ratio, target, met: ratio <= target})
}

let loadAverages = []
const ms = (samples) => (i) => samples[i].ms
const rss = (samples) => (i) => samples[i].rssKiB / 1024

try {
  const load = [readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')]
  console.error(`bench: ${RUNS} rounds per comparison (${BIG_RUNS} on the 200 MB container), in ${work}`)
  const node = () => measure(['node', '-e', '0'])
  const bottle =
    (argv, env = baseEnv) =>
    () =>
      measure(['node', BOTTLE, ...argv], env)

  // One bottle with a commit recorded, so that `bottle ls` has a bottle to ask its engine about.
  startBottle('bench-small', 'echo work > /root/work.txt')
  commitRun('bench-small')()

  console.error('bench: start-up')
  const [nodeS, versionS, backendsS, lsS] = compare([node, bottle(['--version']), bottle(['backends', '--json']), bottle(['ls', '--json'])], RUNS)
  row('`bottle --version`', RUNS, ms(versionS), ms(nodeS), '`node -e 0`', 1.2)
  row('`bottle backends --json`', RUNS, ms(backendsS), ms(nodeS), '`node -e 0`', 2.0)
  row('`bottle ls --json` (one docker bottle)', RUNS, ms(lsS), ms(nodeS), '`node -e 0`', 2.0)

  console.error('bench: commit of a small container')
  const [nodeC, dockerSmall, bottleSmall] = compare([node, dockerCommitRun('bot-bottle-bench-small'), commitRun('bench-small')], RUNS)
  row('`bottle commit` − `docker commit`, small container', RUNS, (i) => bottleSmall[i].ms - dockerSmall[i].ms, ms(nodeC), '`node -e 0`', 2.0)
  row('peak RSS of `bottle commit` (MiB)', RUNS, rss(bottleSmall), rss(nodeC), '`node -e 0`', 1.6, 'MiB')

  console.error('bench: commit of a bottle with secret-like environment')
  startBottle('bench-secret', 'echo work > /root/work.txt', ['-e', 'GH_TOKEN=bench-not-a-secret', '-e', 'OPENAI_API_KEY=bench-not-a-secret'])
  const [nodeX, plain, secret] = compare([node, commitRun('bench-small'), commitRun('bench-secret')], RUNS)
  row('`bottle commit`, secret-like env − without', RUNS, (i) => secret[i].ms - plain[i].ms, ms(nodeX), '`node -e 0`', 1.0)

  console.error('bench: commit of a container with 200 MB of changes')
  startBottle('bench-big', 'dd if=/dev/urandom of=/root/big.bin bs=1048576 count=200 2>/dev/null')
  const [dockerBig, bottleBig] = compare([dockerCommitRun('bot-bottle-bench-big'), commitRun('bench-big')], BIG_RUNS)
  row('`bottle commit`, 200 MB of changes', BIG_RUNS, ms(bottleBig), ms(dockerBig), '`docker commit`', 1.15)

  console.error(`bench: ${EXTRA_PLUGINS} extra linked plugins`)
  linkExtraPlugins()
  const commands = [
    ['--version', ['--version']],
    ['backends --json', ['backends', '--json']],
    ['ls --json', ['ls', '--json']],
    ['commit', null],
  ]
  const runs = [node]
  for (const [, argv] of commands) {
    runs.push(argv ? bottle(argv) : commitRun('bench-small'), argv ? bottle(argv, scaledEnv) : commitRun('bench-small', scaledEnv))
  }

  const [nodeP, ...scaled] = compare(runs, RUNS)
  commands.forEach(([name], k) => {
    const [shipped, extra] = [scaled[2 * k], scaled[2 * k + 1]]
    row(`+${EXTRA_PLUGINS} linked plugins, added to \`bottle ${name}\``, RUNS, (i) => extra[i].ms - shipped[i].ms, ms(nodeP), '`node -e 0`', 0.5)
  })
  load.push(readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '))
  loadAverages = load
} finally {
  spawnSync('docker', ['rm', '-f', ...containers])
  for (let i = 0; i < images.length; i += 50) spawnSync('docker', ['rmi', '-f', ...images.slice(i, i + 50)])
  rmSync(work, {recursive: true, force: true})
}

const machine = {
  cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  docker: docker('version', '--format', '{{.Server.Version}}'),
  date: new Date().toISOString(),
  loadAverage: {start: loadAverages[0], end: loadAverages[1]},
}
mkdirSync(dirname(args.out), {recursive: true})
writeFileSync(args.out, `${JSON.stringify({machine, runs: RUNS, bigRuns: BIG_RUNS, rows}, null, 2)}\n`)

const figure = (value, unit) => (unit === 'MiB' ? `${value.toFixed(1)} MiB` : `${value.toFixed(0)} ms`)
console.log(
  `machine: ${machine.cpus}, ${machine.memoryGiB} GiB, node ${machine.node}, docker engine ${machine.docker}; load average ${machine.loadAverage.start} at the start, ${machine.loadAverage.end} at the end`,
)
console.log(`${RUNS} interleaved rounds (${BIG_RUNS} on the 200 MB container); ratio: the median of the rounds' ratios\n`)
console.log('| measure | median | against (median) | ratio | target | met |')
console.log('| --- | --- | --- | --- | --- | --- |')
for (const r of rows) {
  console.log(
    `| ${r.measure} | ${figure(r.median, r.unit)} | ${r.baseline.name} ${figure(r.baseline.median, r.unit)} | ${r.ratio.toFixed(2)} | <= ${r.target} | ${r.met ? 'yes' : 'NO'} |`,
  )
}

console.log(`\nwritten to ${args.out}`)
