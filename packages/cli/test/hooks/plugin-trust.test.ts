import {describe, expect, it} from 'vitest'

import {isTrustedPlugin} from '../../src/hooks/plugin-trust.js'

describe('trustedPlugins patterns', () => {
  it.each([
    ['@bottle/plugin-x', [], true],
    ['@bottle/a/b', [], false],
    ['@bottlex/plugin', [], false],
    ['bottle-backend-lima', ['bottle-backend-lima'], true],
    ['bottle-backend-lima', ['bottle-backend-*'], true],
    ['bottle-backend-lima', ['bottle-backend'], false],
    ['evil-bottle-backend-lima', ['bottle-backend-*'], false],
    ['@me/bottle-backend-x', ['@me/*'], true],
    ['@me/bottle-backend-x', ['*'], false],
    ['bottle-backendxlima', ['bottle-backend.lima'], false],
    ['https://github.com/me/lima.git', ['https://github.com/me/lima'], true],
    ['git+https://github.com/me/lima.git', ['https://github.com/me/lima/'], true],
    ['https://github.com/me/lima-evil', ['https://github.com/me/lima'], false],
    ['file:/tmp/p/x-1.0.0.tgz', ['file:/tmp/p/*.tgz'], true],
  ] as const)('%s with %j: %s', (name, configured, trusted) => {
    expect(isTrustedPlugin(name, configured)).toBe(trusted)
  })
})
