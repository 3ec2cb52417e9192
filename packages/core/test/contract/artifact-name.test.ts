import {describe, expect, it} from 'vitest'

import {artifactTimestamp, checkImageReference, renderTagScheme} from '../../src/contract/artifact-name.js'

describe('artifact names for plugins', () => {
  it('gives timestamps that sort as text in time order and fit tags and file names', () => {
    const stamps = ['2026-01-02T03:04:05.006Z', '2026-01-02T03:04:05.010Z', '2027-01-01T00:00:00.000Z'].map((at) => artifactTimestamp(new Date(at)))
    expect(stamps[0]).toBe('20260102-030405-006')
    expect([...stamps].sort()).toEqual(stamps)
    for (const stamp of stamps) expect(stamp).toMatch(/^[\w-]+$/)
  })

  it('fills a tag scheme and accepts the result', () => {
    const tag = renderTagScheme('snaps/{slug}/{slug}:t{timestamp}', 'agent-1', new Date('2026-01-02T03:04:05.006Z'))
    expect(checkImageReference(tag, 'backends.x.tagScheme')).toBe('snaps/agent-1/agent-1:t20260102-030405-006')
  })

  it('names the option when the rendered tag is not an image reference', () => {
    expect(() => checkImageReference('Upper/case:1', 'backends.macos-container.tagScheme')).toThrow(
      expect.objectContaining({code: 'BOTTLE_BAD_INPUT', message: expect.stringMatching(/^backends\.macos-container\.tagScheme gives "Upper\/case:1"/)}),
    )
  })

  it('reads a first component as a registry host only with a dot, a port or as localhost, as docker does', () => {
    for (const good of ['registry.local:5000/team/a_b:snap-1', 'localhost/x:1', 'host:5000/x:1', 'a/b/c:v1.2-3']) {
      expect(checkImageReference(good, 'k')).toBe(good)
    }

    for (const bad of ['Bottle/x:1', 'bottle/x', 'bottle//x:1', 'bottle/x:-1', `bottle/x:${'a'.repeat(129)}`]) {
      expect(() => checkImageReference(bad, 'k')).toThrow(expect.objectContaining({code: 'BOTTLE_BAD_INPUT'}))
    }
  })
})
