import {execa} from 'execa'
import {chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BOTTLE_BIN, type Sandbox, makeSandbox, userConfigWith} from '../support/cli.js'
import {TEST_IMAGE, docker, removeContainers, removeImages} from '../support/docker.js'
import {entries, fillDisk, interruptAtRandom, makeImmutable, mountTmpfs} from '../support/faults.js'
import {bulkUp, imagesOf, leftovers, recorded} from '../support/leaks.js'
import {bottleOnTerminal} from '../support/terminal.js'
import {exists, untilWhileRunning} from '../support/until.js'

// Run-specific slugs keep parallel CI jobs on one engine apart.
const tag = `ds${process.pid}`
const REGISTRY = process.env.BOTTLE_TEST_REGISTRY ?? '127.0.0.1:5000'
const slugs: string[] = []
let box: Sandbox

function slugFor(name: string): string {
  const slug = `${tag}-${name}`
  slugs.push(slug)
  return slug
}

const containerExists = async (name: string) => (await execa('docker', ['inspect', '--type', 'container', name], {reject: false})).exitCode === 0
const imageExists = async (ref: string) => (await execa('docker', ['image', 'inspect', ref], {reject: false})).exitCode === 0
const historyOf = async (sandbox: Sandbox, slug: string) => JSON.parse(await readFile(join(sandbox.stateDir, slug, 'history.json'), 'utf8')) as {artifact: string}[]

/** A running bottle launched by bottle, with one commit recorded. */
async function committedBottle(name: string, sandbox = box): Promise<{slug: string; container: string; first: string}> {
  const slug = slugFor(name)
  const launch = await sandbox.bottle(['launch', slug, '--image', TEST_IMAGE, '--', 'sleep', '100000'])
  expect(launch.exitCode, launch.stderr).toBe(0)
  const commit = await sandbox.bottle(['commit', slug])
  expect(commit.exitCode, commit.stderr).toBe(0)
  return {slug, container: `bot-bottle-${slug}`, first: commit.stdout}
}

/** A committed bottle exported to a file, then removed with its snapshots: the file is all that is left of it. */
async function exportedAndGone(name: string): Promise<{slug: string; first: string; file: string}> {
  const {slug, container, first} = await committedBottle(name)
  const file = join(box.dir, `${slug}.bottle.tgz`)
  expect((await box.bottle(['export', slug, '-o', file])).exitCode).toBe(0)
  await removeContainers(container)
  expect((await box.bottle(['rm', slug, '--purge', '--yes'])).exitCode).toBe(0)
  return {slug, first, file}
}

beforeAll(async () => {
  box = await makeSandbox()
  box.env.TMPDIR = join(box.dir, 'tmp')
  await mkdir(box.env.TMPDIR)
})

afterAll(async () => {
  await removeContainers(...slugs.map((slug) => `bot-bottle-${slug}`))
  for (const slug of slugs) await removeImages(...(await imagesOf(slug)))
  await box.cleanup()
})

describe('delete only what bottle made', () => {
  it('rm of a state folder that holds no bottle file is refused (exit 6), with --purge too, and the folder is untouched', async () => {
    const slug = slugFor('project')
    const folder = join(box.stateDir, slug)
    await mkdir(join(folder, 'src'), {recursive: true})
    await writeFile(join(folder, 'src', 'main.ts'), 'precious')
    for (const args of [
      ['rm', slug],
      ['rm', slug, '--purge', '--yes'],
      ['rm', slug, '--force'],
    ]) {
      const run = await box.bottle([...args, '--json'])
      expect(run.exitCode).toBe(6)
      expect(JSON.parse(run.stdout).error.code).toBe('BOTTLE_STATE_ERROR')
      expect(run.stderr).toBe(
        `bottle: ${folder} is not a bottle's state folder (it holds none of metadata.json, history.json, committed.json, preserved); bottle leaves it untouched: check the state root (BOTTLE_STATE_DIR, stateDir) or pick another slug`,
      )
    }

    expect(await readFile(join(folder, 'src', 'main.ts'), 'utf8')).toBe('precious')
    const launch = await box.bottle(['launch', slug, '--image', TEST_IMAGE])
    expect(launch.exitCode).toBe(6)
    expect(await containerExists(`bot-bottle-${slug}`)).toBe(false)
    expect(await entries(folder)).toEqual(['src'])
  })

  it('rm removes only the files bottle wrote: a file the user put in the state folder stays, and is named', async () => {
    const {slug} = await committedBottle('userfile')
    await writeFile(join(box.stateDir, slug, 'notes.txt'), 'mine')
    const run = await box.bottle(['rm', slug, '--purge', '--yes'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stderr).toContain(`warning: kept ${join(box.stateDir, slug)}: it holds files bottle did not write (notes.txt)`)
    expect(await entries(join(box.stateDir, slug))).toEqual(['notes.txt'])
    expect(await imagesOf(slug)).toEqual([])
  })
})

describe('replace after verify', () => {
  it('resume --replace --from a reference that cannot be pulled fails and leaves the running bottle and its work as they were', async () => {
    const {slug, container} = await committedBottle('replace')
    await docker('exec', container, 'sh', '-c', 'echo unsaved > /root/work.txt')
    const id = await docker('inspect', '--format', '{{.Id}}', container)
    for (const from of [`${REGISTRY}/${tag}/no-such-image:missing`, 'bottle-test/never-built:nothing']) {
      const run = await box.bottle(['resume', slug, '--replace', '--from', from])
      expect(run.exitCode).toBe(5)
      expect(run.stderr).toMatch(/^bottle: docker pull of bot-bottle-.* failed: /m)
      expect(await docker('inspect', '--format', '{{.Id}} {{.State.Status}}', container)).toBe(`${id} running`)
      expect(await docker('exec', container, 'cat', '/root/work.txt')).toBe('unsaved')
    }

    expect((await historyOf(box, slug)).length).toBe(1)
    const checks = await docker('ps', '-a', '--filter', `name=${container}-check`, '--format', '{{.Names}}')
    expect(checks).toBe('')
  })

  it('resume --replace of a snapshot that can be had replaces the bottle', async () => {
    const {slug, container, first} = await committedBottle('replaced')
    const before = await docker('inspect', '--format', '{{.Id}}', container)
    const run = await box.bottle(['resume', slug, '--replace', '--json'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({action: 'launched', artifact: first})
    expect(await docker('inspect', '--format', '{{.Id}}', container)).not.toBe(before)
  })
})

describe('preflight before the backend runs', () => {
  it('an immutable bottle folder: commit fails with exit 6 before docker commit; no image is made, the record is as it was', async () => {
    const {slug, first} = await committedBottle('immutable')
    const undo = await makeImmutable(join(box.stateDir, slug))
    try {
      const run = await box.bottle(['commit', slug])
      expect(run.exitCode).toBe(6)
      expect(run.stderr).toBe(`bottle: cannot write bottle state at ${join(box.stateDir, slug)}: permission denied`)
      expect(await imagesOf(slug)).toEqual([first])
    } finally {
      await undo()
    }

    expect(await recorded(box.stateDir, slug)).toBe(first)
    expect(await leftovers(box.stateDir)).toEqual([])
  })

  it('a damaged history.json: commit fails with exit 6 before docker commit and leaves the file as it was', async () => {
    const {slug, first} = await committedBottle('damaged')
    await writeFile(join(box.stateDir, slug, 'history.json'), '[{"artifact": ')
    const run = await box.bottle(['commit', slug])
    expect(run.exitCode).toBe(6)
    expect(run.stderr).toBe(`bottle: ${join(box.stateDir, slug, 'history.json')} is not valid JSON; fix or remove it (it was left untouched)`)
    expect(await readFile(join(box.stateDir, slug, 'history.json'), 'utf8')).toBe('[{"artifact": ')
    expect(await imagesOf(slug)).toEqual([first])
  })

  it('a full disk with room for the lock but not the record: commit fails with exit 6 before docker commit; a full disk leaves no lock folder', async () => {
    const sandbox = await makeSandbox()
    const unmount = await mountTmpfs(sandbox.stateDir, '512k')
    try {
      const {slug, first} = await committedBottle('fulldisk', sandbox)
      const fill = await fillDisk(sandbox.stateDir)
      // One page free: enough for the lock file, not for the new history beside the old one and the rest of the record.
      await rm(fill.pop()!)
      const run = await sandbox.bottle(['commit', slug])
      expect(run.exitCode).toBe(6)
      expect(run.stderr).toMatch(/^bottle: cannot write bottle state at .*: no space left on device$/m)
      expect(await imagesOf(slug)).toEqual([first])
      expect(await recorded(sandbox.stateDir, slug)).toBe(first)
      expect(await leftovers(sandbox.stateDir)).toEqual([])

      await rm(fill.pop()!.replace(/\d+$/, '0')).catch(() => {})
      await fillDisk(sandbox.stateDir)
      const full = await sandbox.bottle(['commit', slug])
      expect(full.exitCode).toBe(6)
      expect(await leftovers(sandbox.stateDir)).toEqual([])
      expect(await imagesOf(slug)).toEqual([first])
      await rm(join(sandbox.stateDir, '.fill'), {recursive: true})
      const retry = await sandbox.bottle(['commit', slug])
      expect(retry.exitCode, retry.stderr).toBe(0)
      await removeImages(retry.stdout)
    } finally {
      await unmount()
      await sandbox.cleanup()
    }
  }, 600_000)
})

describe('interrupts in every command that changes something', () => {
  it('export interrupted at random points: exit 130 or a whole file, never a partial file or a temp copy', async () => {
    const {slug, container} = await committedBottle('export')
    // A snapshot big enough that saving and packing it take a while to interrupt.
    await bulkUp(container, 60)
    expect((await box.bottle(['commit', slug])).exitCode).toBe(0)
    const out = await mkdtemp(join(box.dir, 'out-'))
    let interrupted = 0
    for (let i = 0; i < 6; i++) {
      const file = join(out, `e${i}.tgz`)
      const {run, code} = await interruptAtRandom(box, ['export', slug, '-o', file], i === 0 ? 1 : 2000)
      expect([0, 130], run.stderr).toContain(code)
      if (code === 130) {
        interrupted++
        expect(await entries(out)).not.toContain(`e${i}.tgz`)
      } else {
        expect((await execa('tar', ['-tzf', file])).stdout).toContain('bottle.json')
      }

      expect((await entries(out)).filter((name) => name.endsWith('.partial'))).toEqual([])
      expect(await entries(box.env.TMPDIR)).toEqual([])
    }

    expect(interrupted).toBeGreaterThan(0)
  }, 600_000)

  it('import interrupted at random points: exit 130 leaves no state, no image, no temp copy, and the retry works; exit 0 is recorded whole', async () => {
    const {slug, first, file} = await exportedAndGone('import')
    expect(await imageExists(first)).toBe(false)
    let interrupted = 0
    for (let i = 0; i < 6; i++) {
      const {run, code} = await interruptAtRandom(box, ['import', file], i === 0 ? 1 : 700)
      expect([0, 130], run.stderr).toContain(code)
      expect(await entries(box.env.TMPDIR)).toEqual([])
      expect(await leftovers(box.stateDir)).toEqual([])
      if (code === 0) {
        expect(await historyOf(box, slug)).toEqual([expect.objectContaining({artifact: first, via: 'import'})])
        expect(await imageExists(first)).toBe(true)
        expect((await box.bottle(['rm', slug, '--purge', '--yes'])).exitCode).toBe(0)
      } else {
        interrupted++
        expect(await stat(join(box.stateDir, slug)).catch(() => null)).toBeNull()
        expect(await imageExists(first)).toBe(false)
      }
    }

    expect(interrupted).toBeGreaterThan(0)
  }, 600_000)

  it('import interrupted after the load, while the image is checked or (import --as) renamed: exit 130, no image, no tag, no state', async () => {
    const {slug, first, file} = await exportedAndGone('importlate')
    // A docker that takes its time over the checks after a load, and over a rename, so that the interrupt lands there.
    const slow = join(box.dir, 'slow-import')
    await mkdir(slow, {recursive: true})
    const binary = join(slow, 'docker')
    const script = `case "$1" in load) touch "${slow}/loaded" ;; tag) touch "${slow}/renaming"; sleep 1 ;; image) [ -f "${slow}/loaded" ] && touch "${slow}/checking" && sleep 1 ;; esac`
    await writeFile(binary, `#!/bin/sh\n${script}\nexec docker "$@"\n`)
    await chmod(binary, 0o755)
    const env = {...box.env, ...(await userConfigWith(box, {backends: {docker: {binary}}}))}
    const other = slugFor('importlate-as')
    for (const [args, marker, recordedAs] of [
      [['import', file], 'checking', slug],
      [['import', file, '--as', other], 'renaming', other],
    ] as const) {
      for (const mark of ['loaded', 'checking', 'renaming']) await rm(join(slow, mark), {force: true})
      const child = execa(process.execPath, [BOTTLE_BIN, ...args], {env, cwd: box.dir, reject: false})
      await untilWhileRunning(`the ${marker} step`, () => exists(join(slow, marker)), child)
      child.kill('SIGINT')
      const run = await child
      expect(run.exitCode, run.stderr).toBe(130)
      expect(await imageExists(first)).toBe(false)
      expect(await imageExists(`bottle/${other}:${first.split(':').at(-1)}`)).toBe(false)
      expect(await stat(join(box.stateDir, recordedAs)).catch(() => null)).toBeNull()
    }
  }, 600_000)

  it('launch interrupted at random points: exit 130 leaves no container and no state, and the retry is not refused', async () => {
    const slug = slugFor('launch')
    let interrupted = 0
    for (let i = 0; i < 6; i++) {
      const {run, code} = await interruptAtRandom(box, ['launch', slug, '--image', TEST_IMAGE, '--', 'sleep', '100000'], i === 0 ? 1 : 1500, {signal: i % 2 ? 'SIGTERM' : 'SIGINT'})
      expect([0, 130, 143], run.stderr).toContain(code)
      const hasContainer = await containerExists(`bot-bottle-${slug}`)
      const hasState = await stat(join(box.stateDir, slug, 'metadata.json')).then(
        () => true,
        () => false,
      )
      expect([hasContainer, hasState]).toEqual(code === 0 ? [true, true] : [false, false])
      expect(await leftovers(box.stateDir)).toEqual([])
      if (code === 0) expect((await box.bottle(['rm', slug, '--force'])).exitCode).toBe(0)
      else interrupted++
    }

    expect(interrupted).toBeGreaterThan(0)
  }, 600_000)

  it('rm --purge interrupted at random points once removal has started: it finishes (exit 0), says so, and any artifact left is still listed', async () => {
    let interrupted = 0
    for (let i = 0; i < 5; i++) {
      const {slug, container, first} = await committedBottle(`rm${i}`)
      // The first progress line, "removing <bottle>", is the point of no return: an interrupt from there on is finished.
      const {run, code} = await interruptAtRandom(box, ['rm', slug, '--purge', '--yes'], i === 0 ? 1 : i % 2 ? 1000 : 80)
      expect(code, run.stderr).toBe(0)
      expect(await leftovers(box.stateDir)).toEqual([])
      expect(await containerExists(container)).toBe(false)
      const left = (
        await stat(join(box.stateDir, slug)).then(
          () => historyOf(box, slug),
          () => [],
        )
      ).map((snapshot) => snapshot.artifact)
      expect(await imageExists(first)).toBe(left.includes(first))
      if (run.stderr.includes('SIGINT received')) {
        interrupted++
        expect(run.stderr).toContain('the interrupt came after the point of no return: the command finished')
      }
    }

    expect(interrupted).toBeGreaterThan(0)
  }, 600_000)

  it('resume --replace interrupted at random points: exit 130 leaves the old bottle running as it was; exit 0 replaced it', async () => {
    const {slug, container} = await committedBottle('resumeint')
    let interrupted = 0
    for (let i = 0; i < 6; i++) {
      const before = await docker('inspect', '--format', '{{.Id}}', container)
      // Early and late in turn: during the check of the snapshot (before the point of no return), and after it.
      const {run, code} = await interruptAtRandom(box, ['resume', slug, '--replace'], i === 0 ? 1 : i % 2 ? 1500 : 250)
      expect([0, 130], run.stderr).toContain(code)
      expect(await leftovers(box.stateDir)).toEqual([])
      expect(await docker('ps', '-a', '--filter', `name=${container}-check`, '--format', '{{.Names}}')).toBe('')
      const after = await docker('inspect', '--format', '{{.Id}} {{.State.Status}}', container)
      if (code === 130) {
        interrupted++
        expect(after).toBe(`${before} running`)
      } else {
        expect(after).toMatch(/ running$/)
        expect(after.split(' ')[0]).not.toBe(before)
      }
    }

    expect(interrupted).toBeGreaterThan(0)
  }, 600_000)

  it('push interrupted at random points: exit 130 leaves no local tag and records nothing; exit 0 is recorded', async () => {
    const {slug, first} = await committedBottle('pushint')
    let interrupted = 0
    for (let i = 0; i < 6; i++) {
      const reference = `${REGISTRY}/${tag}/pushint${i}`
      const {run, code} = await interruptAtRandom(box, ['export', slug, '--push', reference], i === 0 ? 1 : i % 2 ? 1000 : 200)
      expect([0, 130], run.stderr).toContain(code)
      const pushed = `${reference}:${first.split(':').at(-1)}`
      const history = (await historyOf(box, slug)).map((snapshot) => snapshot.artifact)
      if (code === 130) {
        interrupted++
        expect(await imageExists(pushed)).toBe(false)
        expect(history).not.toContain(pushed)
      } else {
        expect(history.at(-1)).toBe(pushed)
        expect(await imageExists(pushed)).toBe(true)
      }
    }

    expect(interrupted).toBeGreaterThan(0)
  }, 600_000)

  it('SIGINT during --keep pruning, after the record: exit 0, the new snapshot recorded, the history lists only the images that are left', async () => {
    const {slug} = await committedBottle('keep')
    for (let i = 0; i < 3; i++) expect((await box.bottle(['commit', slug])).exitCode).toBe(0)
    // A docker that takes its time over each rmi, so that the interrupt lands in the pruning.
    const slow = join(box.dir, 'slow-rmi')
    await mkdir(slow, {recursive: true})
    const binary = join(slow, 'docker')
    await writeFile(binary, `#!/bin/sh\nif [ "$1" = rmi ]; then touch "${slow}/pruning"; sleep 1; fi\nexec docker "$@"\n`)
    await chmod(binary, 0o755)
    const env = {...box.env, ...(await userConfigWith(box, {backends: {docker: {binary}}}))}
    const child = execa(process.execPath, [BOTTLE_BIN, 'commit', slug, '--keep', '1', '--json'], {env, cwd: box.dir, reject: false})
    await untilWhileRunning('the pruning to start', () => exists(join(slow, 'pruning')), child)
    child.kill('SIGINT')
    const run = await child
    expect(run.exitCode, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.pruned.kept.length).toBeGreaterThan(0)
    expect(result.warnings.join('\n')).toMatch(/interrupted: left undone, still there: /)
    const history = await historyOf(box, slug)
    expect(history.at(-1)!.artifact).toBe(result.artifact)
    for (const snapshot of history) expect(await imageExists(snapshot.artifact)).toBe(true)
    expect((await imagesOf(slug)).sort()).toEqual(history.map((snapshot) => snapshot.artifact).sort())
  }, 600_000)

  it('Ctrl-C at a confirmation question exits 130 and removes nothing', async () => {
    const {slug, first} = await committedBottle('ctrlc')
    const run = await bottleOnTerminal(box, ['rm', slug, '--purge'], {answer: '\u0003'})
    expect(run.exitCode).toBe(130)
    expect(run.output).toContain('bottle: interrupted at the question; nothing was changed')
    expect(await imageExists(first)).toBe(true)
    expect(await containerExists(`bot-bottle-${slug}`)).toBe(true)
    expect(await recorded(box.stateDir, slug)).toBe(first)
  })
})

describe('locks that cannot wedge', () => {
  for (const [what, lock, breaker] of [
    ['a stale lock and an empty breaker', JSON.stringify({pid: 999_999, host: '', token: 't', since: ''}), ''],
    ['an empty lock file', '', undefined],
    ['a garbage lock and a garbage breaker', 'garbage', 'not a pid'],
  ] as const) {
    it(`${what}: the next commit takes over at once and succeeds, leaving no lock behind`, async () => {
      const {slug, first} = await committedBottle(`lock${what.length}`)
      const {hostname} = await import('node:os')
      await mkdir(join(box.stateDir, '.locks'), {recursive: true})
      await writeFile(join(box.stateDir, '.locks', `${slug}.lock`), lock.replace('"host":""', `"host":${JSON.stringify(hostname())}`))
      if (breaker !== undefined) await writeFile(join(box.stateDir, '.locks', `${slug}.lock.break`), breaker)
      const run = await execa(process.execPath, [join(process.cwd(), 'bin', 'run.js'), 'commit', slug], {env: box.env, cwd: box.dir, reject: false, timeout: 60_000})
      expect(run.timedOut).toBe(false)
      expect(run.exitCode, run.stderr).toBe(0)
      expect(run.stderr).toMatch(new RegExp(`took over the lock of "${slug}"`))
      expect(await recorded(box.stateDir, slug)).toBe(run.stdout)
      expect(await leftovers(box.stateDir)).toEqual([])
      expect(await imagesOf(slug)).toEqual([first, run.stdout].sort())
    })
  }

  it('concurrent imports of one export: exactly one records it, once; the others fail with a clear line', async () => {
    const {slug, container, first} = await committedBottle('twinimport')
    const file = join(box.dir, `${slug}.bottle.tgz`)
    expect((await box.bottle(['export', slug, '-o', file])).exitCode).toBe(0)
    await removeContainers(container)
    await rm(join(box.stateDir, slug), {recursive: true})
    const runs = await Promise.all(Array.from({length: 4}, () => box.bottle(['import', file])))
    expect(runs.filter((run) => run.exitCode === 0)).toHaveLength(1)
    for (const run of runs.filter((r) => r.exitCode !== 0)) {
      expect([2, 9], run.stderr).toContain(run.exitCode)
      expect(run.stderr).toMatch(new RegExp(`^bottle: (bottle ${slug} already exists here|bottle "${slug}" is busy: another bottle process .* is importing it)`, 'm'))
    }

    expect(await historyOf(box, slug)).toEqual([expect.objectContaining({artifact: first, via: 'import'})])
    expect(await leftovers(box.stateDir)).toEqual([])
  }, 600_000)
})

describe('guard unsaved work', () => {
  it('rm of a running bottle that was never committed needs --force without a terminal (exit 7) and removes nothing', async () => {
    const slug = slugFor('unsaved')
    expect((await box.bottle(['launch', slug, '--image', TEST_IMAGE, '--', 'sleep', '100000'])).exitCode).toBe(0)
    const run = await box.bottle(['rm', slug, '--json'])
    expect(run.exitCode).toBe(7)
    expect(JSON.parse(run.stdout).error.code).toBe('BOTTLE_CONFIRMATION_REQUIRED')
    expect(run.stderr).toMatch(
      new RegExp(
        `^bottle: bot-bottle-${slug} is running and was never committed: its work since then is in no snapshot. Remove it and lose that work: no terminal to ask on; re-run with --force to agree$`,
      ),
    )
    expect(await containerExists(`bot-bottle-${slug}`)).toBe(true)
    expect(await stat(join(box.stateDir, slug, 'metadata.json')).then(() => true)).toBe(true)

    const no = await bottleOnTerminal(box, ['rm', slug], {answer: 'n'})
    expect(no.exitCode).toBe(0)
    expect(await containerExists(`bot-bottle-${slug}`)).toBe(true)

    const forced = await box.bottle(['rm', slug, '--force'])
    expect(forced.exitCode, forced.stderr).toBe(0)
    expect(await containerExists(`bot-bottle-${slug}`)).toBe(false)
  })

  it('rm of a running bottle resumed after its newest snapshot asks too; one committed since its start does not', async () => {
    const {slug, container} = await committedBottle('resumed')
    const saved = await box.bottle(['rm', slug])
    expect(saved.exitCode, saved.stderr).toBe(0)
    expect((await box.bottle(['resume', slug])).exitCode).toBe(0)
    const run = await box.bottle(['rm', slug])
    expect(run.exitCode).toBe(7)
    expect(run.stderr).toMatch(/is running and was started \(.*\) after its newest snapshot \(.*\): its work since then is in no snapshot/)
    expect(await containerExists(container)).toBe(true)
  })
})

describe('check outputs before work', () => {
  it('export -o to a folder, into a missing folder, or into an immutable folder fails at once with exit 2, before docker save', async () => {
    const {slug} = await committedBottle('output')
    const locked = await mkdtemp(join(box.dir, 'locked-'))
    const undo = await makeImmutable(locked)
    try {
      for (const [output, message] of [
        [box.dir, `bottle: ${box.dir} is a folder: give -o a file name, such as ${join(box.dir, 'bottle.tgz')}`],
        [
          join(box.dir, 'missing', 'x.tgz'),
          `bottle: cannot write ${join(box.dir, 'missing', 'x.tgz')}: ${join(box.dir, 'missing')} is not a folder that exists; create it first or pick another -o`,
        ],
        [join(locked, 'x.tgz'), `bottle: cannot write ${join(locked, 'x.tgz')}: permission denied; pick another -o`],
      ]) {
        const run = await box.bottle(['export', slug, '-o', output], {env: {BOTTLE_DEBUG: '1'}})
        expect(run.exitCode).toBe(2)
        expect(run.stderr.split('\n')).toContain(message)
        expect(run.stderr).not.toContain('$ docker save')
      }
    } finally {
      await undo()
    }

    expect(await entries(locked)).toEqual([])
    expect(await entries(box.env.TMPDIR)).toEqual([])
  })

  it('a failed push removes the local tag it made and records nothing; --purge removes the tags bottle pushed', async () => {
    const {slug, first} = await committedBottle('push')
    const failed = await box.bottle(['export', slug, '--push', `127.0.0.1:1/${tag}/push`])
    expect(failed.exitCode).toBe(5)
    expect(await imageExists(`127.0.0.1:1/${tag}/push:${first.split(':').at(-1)}`)).toBe(false)
    expect((await historyOf(box, slug)).map((snapshot) => snapshot.artifact)).toEqual([first])

    const pushed = await box.bottle(['export', slug, '--push', `${REGISTRY}/${tag}/push`])
    expect(pushed.exitCode, pushed.stderr).toBe(0)
    expect(await imageExists(pushed.stdout)).toBe(true)
    const purge = await box.bottle(['rm', slug, '--purge', '--yes'])
    expect(purge.exitCode, purge.stderr).toBe(0)
    expect(await imageExists(pushed.stdout)).toBe(false)
    expect(await imageExists(first)).toBe(false)
  })
})
