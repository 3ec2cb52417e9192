import {describe, expect, it} from 'vitest'

import {dockerReference, renderTag, tagTimestamp} from '../src/tag.js'

describe('docker tags', () => {
  it('makes timestamps that sort as text in time order', () => {
    const times = ['2026-11-30T09:59:59.999Z', '2026-11-30T10:00:00.000Z', '2026-12-01T00:00:00.001Z'].map((t) => tagTimestamp(new Date(t)))
    expect(times).toEqual(['20261130-095959-999', '20261130-100000-000', '20261201-000000-001'])
    expect([...times].reverse().sort()).toEqual(times)
  })

  it('renders the scheme to a valid reference', () => {
    const at = new Date('2026-11-30T00:45:12.123Z')
    expect(renderTag('bottle/{slug}:{timestamp}', 'my-agent', at)).toBe('bottle/my-agent:20261130-004512-123')
    expect(dockerReference(renderTag('registry.local:5000/team/{slug}:snap-{timestamp}', 'a_b', at))).toBe(
      'registry.local:5000/team/a_b:snap-20261130-004512-123',
    )
  })

  it('refuses a scheme that renders to an invalid reference as bad input', () => {
    for (const bad of ['Bottle/{slug}:{timestamp}', 'bottle/{slug}', 'bottle//x:{timestamp}', 'bottle/{slug}:-{timestamp}']) {
      expect(() => dockerReference(renderTag(bad, 's', new Date(0)))).toThrow(expect.objectContaining({code: 'BOTTLE_BAD_INPUT'}))
    }
  })
})
