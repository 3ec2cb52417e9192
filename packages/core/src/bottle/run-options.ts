import {homedir} from 'node:os'
import {isAbsolute, resolve} from 'node:path'

import {BottleError, ErrorCode} from '../contract/errors.js'
import {RUN_OPTIONS, type RunOptionKey, type RunOptions} from '../contract/run-options.js'
import type {BackendRegistry} from '../registry/backend-registry.js'

type Check = (value: string, cwd: string) => string | undefined

const ULIMITS = new Set(['as', 'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'])
const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
const PORTS = /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:]+\]):)?(?:(\d*(?:-\d+)?):)?(\d+(?:-\d+)?)(?:\/(?:tcp|udp|sctp))?$/
const inPortRange = (ports: string | undefined) => !ports || ports.split('-').every((port) => Number(port) >= 1 && Number(port) <= 65_535)
const absolutePath = (path: string) => path.startsWith('/') && !/[\0\n]/.test(path)

/**
 * A volume's host side as an absolute path: `./src`, `../x`, `.` and `~/x`
 * are what users type, and the engines want them absolute (and resume must
 * not depend on where it is run from). A bare name is a named volume.
 */
function hostSide(source: string, cwd: string): string | undefined {
  if (source === '~' || source.startsWith('~/')) return resolve(homedir(), source.slice(2))
  if (source === '.' || source === '..' || source.startsWith('./') || source.startsWith('../')) return resolve(cwd, source)
  if (isAbsolute(source)) return resolve(source)
  return VOLUME_NAME.test(source) ? source : undefined
}

/** Each check returns the value as the backend gets it, or undefined when it is malformed; with the form to use. */
const CHECKS: Record<RunOptionKey, {readonly check: Check; readonly form: string}> = {
  volumes: {
    form: 'SOURCE:TARGET[:ro] (SOURCE a host path or a volume name, TARGET an absolute path in the bottle), e.g. ./work:/work',
    check(value, cwd) {
      const parts = value.split(':')
      if (parts.length === 1) return absolutePath(value) ? value : undefined
      const [source = '', target = '', options] = parts
      if (parts.length > 3 || !absolutePath(target) || (options !== undefined && !/^[a-zA-Z]+(,[a-zA-Z]+)*$/.test(options))) return undefined
      const host = hostSide(source, cwd)
      return host === undefined ? undefined : [host, target, ...(options === undefined ? [] : [options])].join(':')
    },
  },
  publish: {
    form: '[IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp|sctp], e.g. 8080:80',
    check(value) {
      const match = PORTS.exec(value)
      return match && inPortRange(match[1]) && inPortRange(match[2]) ? value : undefined
    },
  },
  network: {form: 'a network name, host, none or container:NAME', check: (value) => (/^[A-Za-z0-9][A-Za-z0-9_.:=,/-]*$/.test(value) ? value : undefined)},
  user: {form: 'USER[:GROUP], names or ids, e.g. 1000:1000', check: (value) => (/^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/.test(value) ? value : undefined)},
  workdir: {form: 'an absolute path in the bottle, e.g. /work', check: (value) => (absolutePath(value) ? value : undefined)},
  ulimits: {
    form: `NAME=SOFT[:HARD] with NAME one of ${[...ULIMITS].join(', ')}, e.g. nofile=1024:1024`,
    check(value) {
      const match = /^([a-z]+)=(-1|\d+)(?::(-1|\d+))?$/.exec(value)
      if (!match || !ULIMITS.has(match[1]!)) return undefined
      const [soft, hard] = [Number(match[2]), Number(match[3] ?? match[2])]
      // -1 is unlimited: a soft limit above the hard one is refused by every engine, so say it here.
      return hard === -1 || (soft !== -1 && soft <= hard) ? value : undefined
    },
  },
  cpus: {form: 'a positive number of CPUs, e.g. 1.5', check: (value) => (/^\d+(\.\d+)?$/.test(value) && Number(value) > 0 ? value : undefined)},
  memory: {form: 'a size with an optional unit b, k, m or g, e.g. 2g', check: (value) => (/^[1-9]\d*[bkmgBKMG]?$/.test(value) ? value : undefined)},
  labels: {form: 'KEY=VALUE (not dev.bottle.*, which bottle sets)', check: (value) => (/^[^\s=]+=/.test(value) && !value.startsWith('dev.bottle.') ? value : undefined)},
}

/** The run options as given on the command line (each flag's values as oclif parsed them). */
export type RunFlags = {readonly [K in RunOptionKey]?: RunOptions[K]}

/**
 * Checks the run options a user gave, and refuses those `backend` does not
 * take (its declared capabilities): one line naming the flag, what was wrong,
 * and what to do. Returns them as the backend gets them.
 */
export function checkRunOptions(given: RunFlags, backend: string, capabilities: readonly string[], cwd: string): RunOptions {
  const checked: Record<string, string | string[]> = {}
  for (const key of Object.keys(RUN_OPTIONS) as RunOptionKey[]) {
    const value = given[key]
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue
    const {flag, capability} = RUN_OPTIONS[key]
    if (!capabilities.includes(capability)) {
      const taken = (Object.keys(RUN_OPTIONS) as RunOptionKey[]).filter((k) => capabilities.includes(RUN_OPTIONS[k].capability)).map((k) => RUN_OPTIONS[k].flag)
      throw new BottleError(
        ErrorCode.BadInput,
        `the ${backend} backend does not take ${flag} (${taken.length > 0 ? `it takes ${taken.join(', ')}` : 'it takes no run options'}); launch without it`,
      )
    }

    const {check, form} = CHECKS[key]
    const each = (entry: string) => {
      const ok = check(entry, cwd)
      if (ok === undefined) throw new BottleError(ErrorCode.BadInput, `invalid ${flag} ${JSON.stringify(entry)}: use ${form}`)
      return ok
    }

    checked[key] = Array.isArray(value) ? value.map(each) : each(value as string)
  }

  return checked as RunOptions
}

/** What `backend` declares it can do (run options among them); resolving it names an unknown backend. */
export function capabilitiesOf(registry: BackendRegistry, backend: string): readonly string[] {
  return registry.resolve(backend).declaration?.capabilities ?? []
}
