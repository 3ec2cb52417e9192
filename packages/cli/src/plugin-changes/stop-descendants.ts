import {execFileSync} from 'node:child_process'

/** How long npm and its install scripts get to end after SIGTERM before they are killed. */
const GRACE_MS = 5000

/**
 * Ends every process this one started, and theirs (npm, and the install
 * scripts it runs), and waits until they are gone. A signal sent to bottle
 * alone (`kill -INT`, a CI timeout) does not reach them: without this they
 * would go on installing, and running a plugin's scripts, after bottle exits.
 * Synchronous on purpose: while it runs, the command cannot see npm fail and
 * exit before the clean-up is done.
 */
export function stopDescendants(): void {
  const pids = descendantsOf(process.pid, processes())
  signalAll(pids, 'SIGTERM')
  const deadline = Date.now() + GRACE_MS
  let alive = pids
  while (alive.length > 0 && Date.now() < deadline) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50)
    // An ended child stays a zombie until the blocked event loop reaps it: it counts as gone.
    const running = new Set(
      processes()
        .filter((entry) => !entry.stat.startsWith('Z'))
        .map((entry) => entry.pid),
    )
    alive = alive.filter((pid) => running.has(pid))
  }

  signalAll(alive, 'SIGKILL')
}

interface ProcessEntry {
  readonly pid: number
  readonly ppid: number
  readonly stat: string
}

/** `ps -A -o pid=,ppid=,stat=` reads the same on Linux and macOS. */
function processes(): ProcessEntry[] {
  return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat='], {encoding: 'utf8'})
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length === 3)
    .map(([pid, ppid, stat]) => ({pid: Number(pid), ppid: Number(ppid), stat: stat!}))
}

function descendantsOf(root: number, table: readonly ProcessEntry[]): number[] {
  const found: number[] = []
  for (let queue = [root]; queue.length > 0; ) {
    const parent = queue.shift()
    const children = table.filter((entry) => entry.ppid === parent && !entry.stat.startsWith('Z')).map((entry) => entry.pid)
    found.push(...children)
    queue.push(...children)
  }

  return found
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal)
    } catch {
      // Gone already.
    }
  }
}
