import {describe, expect, it} from 'vitest'

import freezer from '../src/freezer.js'

async function validate(value: unknown) {
  return freezer.optionsSchema!['~standard'].validate(value)
}

describe('docker options', () => {
  it('defaults to docker, pausing, with a timestamped tag per commit', async () => {
    expect(await validate({})).toEqual({value: {binary: 'docker', tagScheme: 'bottle/{slug}:{timestamp}', pause: true, secretEnv: []}})
  })

  it('rejects a tag scheme without {timestamp}, which would reuse one tag for every commit', async () => {
    const result = await validate({tagScheme: 'bottle/{slug}:latest'})
    expect(result.issues?.[0]).toMatchObject({path: ['tagScheme'], message: expect.stringContaining('{timestamp}')})
  })

  it('rejects unknown keys, so a typo does not pass silently', async () => {
    expect((await validate({binnary: 'podman'})).issues?.[0]?.message).toMatch(/binnary/)
  })

  it('hints at save here and load there with the real tag, binary and context', () => {
    const options = {binary: 'docker', context: 'remote', tagScheme: '', pause: true}
    expect(freezer.exportHint!({slug: 's', bottleName: 'bot-bottle-s', artifact: 'bottle/s:20261130-004512-123', options})).toEqual([
      'docker --context remote save bottle/s:20261130-004512-123 | gzip > bottle-s-20261130-004512-123.tar.gz',
      'docker load -i bottle-s-20261130-004512-123.tar.gz',
    ])
  })
})
