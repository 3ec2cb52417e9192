import {describe, expect, it} from 'vitest'

import {artifactTimestamp, checkImageReference, familiarReference, renderTagScheme, tagSchemePattern} from '../../src/contract/artifact-name.js'

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

  it("tells a slug's own snapshot names, and any slug's, from every other name, the timestamp captured", () => {
    const at = new Date('2026-01-02T03:04:05.006Z')
    const own = tagSchemePattern('snaps/{slug}:t{timestamp}', 'a.b')
    expect(own.test(renderTagScheme('snaps/{slug}:t{timestamp}', 'a.b', at))).toBe(true)
    // The slug is text, not a pattern: a.b does not match axb; nor does another slug, a tag without the timestamp, or a longer name.
    for (const name of ['snaps/axb:t20260102-030405-006', 'snaps/c:t20260102-030405-006', 'snaps/a.b:latest', 'snaps/a.b:t20260102-030405-006x', 'node:22'])
      expect(own.test(name), name).toBe(false)
    const any = tagSchemePattern('snaps/{slug}:t{timestamp}')
    expect(any.exec('snaps/other-1:t20260102-030405-006')?.[1]).toBe('20260102-030405-006')
    expect(any.test('snaps/Other:t20260102-030405-006')).toBe(false)
  })

  it('compares references as docker images shows them', () => {
    expect(['docker.io/library/alpine:3', 'library/alpine:3', 'localhost/alpine:3', 'alpine:3'].map(familiarReference)).toEqual(Array(4).fill('alpine:3'))
    expect(familiarReference('ghcr.io/x/y:1')).toBe('ghcr.io/x/y:1')
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
