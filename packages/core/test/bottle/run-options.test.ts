import {homedir} from 'node:os'
import {describe, expect, it} from 'vitest'

import {RUN_OPTIONS} from '../../src/contract/run-options.js'
import {checkRunOptions} from '../../src/bottle/run-options.js'

const ALL = Object.values(RUN_OPTIONS).map((option) => option.capability)
const check = (given: Parameters<typeof checkRunOptions>[0], capabilities: readonly string[] = ALL) => checkRunOptions(given, 'b', capabilities, '/home/me/project')

describe('run options', () => {
  it('makes volume host paths absolute from the working directory or home, and keeps names and anonymous volumes', () => {
    expect(check({volumes: ['.:/w', './src:/src:ro', '../x:/x', '~/cache:/c', '/abs/../p:/p', 'named:/data', '/anon']}).volumes).toEqual([
      '/home/me/project:/w',
      '/home/me/project/src:/src:ro',
      '/home/me/x:/x',
      `${homedir()}/cache:/c`,
      '/p:/p',
      'named:/data',
      '/anon',
    ])
  })

  it('passes well-formed values as written', () => {
    const given = {
      publish: ['8080:80', '127.0.0.1::80', '[::1]:53:53/udp', '8000-8010:8000-8010'],
      network: 'container:db',
      user: '1000:1000',
      workdir: '/work',
      ulimits: ['nofile=1024', 'core=-1:-1', 'nproc=10:-1'],
      cpus: '1.5',
      memory: '512m',
      labels: ['a=', 'team=x=y'],
    }
    expect(check(given)).toEqual(given)
  })

  it('leaves out what was not given, and an empty list counts as not given', () => {
    expect(check({volumes: [], network: undefined})).toEqual({})
    expect(check({}, [])).toEqual({})
  })

  it('refuses an option the backend does not declare before looking at its value, naming what it takes', () => {
    expect(() => check({memory: 'lots'}, ['run-volume'])).toThrow('the b backend does not take --memory (it takes --volume); launch without it')
    expect(() => check({labels: ['a=b']}, [])).toThrow('the b backend does not take --label (it takes no run options); launch without it')
  })

  it('refuses a soft limit above the hard one, an unlimited soft under a finite hard, and ports out of range', () => {
    for (const ulimit of ['nofile=2:1', 'nofile=-1:10']) expect(() => check({ulimits: [ulimit]})).toThrow(/^invalid --ulimit/)
    for (const publish of ['0:80', '80:65536', '1.2.3:80:80']) expect(() => check({publish: [publish]})).toThrow(/^invalid --publish/)
  })
})
