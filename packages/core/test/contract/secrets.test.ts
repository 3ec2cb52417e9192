import {describe, expect, it} from 'vitest'

import {CREDENTIAL_FILES, SECRET_ENV_PATTERNS, credentialFileMatcher, hasUrlPassword, secretEnvMatcher} from '../../src/contract/secrets.js'
import {SecretMask} from '../../src/secrets/mask-secrets.js'

const isSecret = secretEnvMatcher(SECRET_ENV_PATTERNS)
const isCredential = credentialFileMatcher(CREDENTIAL_FILES)

describe('the secret-like names', () => {
  it.each([
    'GH_TOKEN',
    'GITHUB_TOKEN',
    'TOKEN',
    'GITHUB_PAT',
    'GITLAB_PAT',
    'npm_config__authToken',
    'NPM_AUTH_TOKEN',
    'npm_config__auth',
    'NODE_AUTH_TOKEN',
    'MYSQL_PWD',
    'DB_PWD',
    'PGPASSWORD',
    'REDIS_PASSWD',
    'SMTP_PASS',
    'GPG_PASSPHRASE',
    'APIKEY',
    'OPENAI_APIKEY',
    'ANTHROPIC_API_KEY',
    'X_API_KEY_V2',
    'SSH_PRIVATE_KEY',
    'CLIENT_SECRET',
    'SECRET_KEY_BASE',
    'SENTRY_DSN',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'AZURE_CREDENTIAL',
    'SESSION_COOKIE',
    'AWS_SESSION_TOKEN',
  ])('%s is secret', (name) => expect(isSecret(name)).toBe(true))

  it.each(['PATH', 'PWD', 'OLDPWD', 'HOME', 'EDITOR', 'NODE_ENV', 'LANG', 'TERM', 'HOSTNAME', 'TOKENIZERS_PARALLELISM', 'KEYBOARD'])('%s is not', (name) => {
    expect(isSecret(name)).toBe(false)
  })

  it('flags any value that is a URL with a password, whatever its name', () => {
    for (const value of ['postgres://app:s3cret@db:5432/app', 'mysql://root:pw@localhost/x', 'https://:token@github.com/o/r.git', 'redis://u:p@h']) {
      expect(isSecret('DATABASE_URL', value), value).toBe(true)
      expect(hasUrlPassword(value), value).toBe(true)
    }

    for (const value of ['postgres://app@db/app', 'https://example.com:8080/path', 'http://host/a@b', 'user:pass', 'a@b.c'])
      expect(isSecret('SERVICE_URL', value), value).toBe(false)
  })

  it('takes ! patterns as exclusions, for users as for the built-in list', () => {
    const custom = secretEnvMatcher(['CORP_*', '!CORP_REGION'])
    expect([custom('CORP_KEY'), custom('corp_region')]).toEqual([true, false])
  })
})

describe('the credential files', () => {
  it.each([
    '/root/.aws/credentials',
    '/home/u/.aws/credentials',
    '/work/u/.ssh/id_ed25519',
    '/root/.ssh/id_rsa',
    '/home/a/.config/gh/hosts.yml',
    '/root/.netrc',
    '/home/x/.docker/config.json',
  ])('%s is one, in any home folder', (path) => expect(isCredential(path)).toBe(true))

  it.each(['/root/.ssh/id_ed25519.pub', '/home/u/.ssh/id_rsa.pub', '/root/.ssh/known_hosts', '/root/.aws/config', '/etc/passwd', '/root/.ssh/id_rsa/other'])(
    '%s is not',
    (path) => {
      expect(isCredential(path)).toBe(false)
    },
  )

  it('matches names holding line breaks and control characters', () => {
    expect(isCredential('/root/.ssh/id_\u001B[2J\rok')).toBe(true)
  })
})

describe('SecretMask', () => {
  it('masks values of secret names from the environment, -e entries (also malformed ones) and the config, NAME=value shapes, and URL passwords', () => {
    const mask = new SecretMask()
    mask.addEnv({GH_TOKEN: 'ghp_fromEnv123', EDITOR: 'vim-editor'})
    mask.addEntries(['export MYSQL_PWD=fromEntry9', 'CORP_X=corpValue1', 'PLAIN=visible-value'])
    mask.addPatterns(['CORP_*'])
    const text = 'a ghp_fromEnv123 b fromEntry9 c corpValue1 d visible-value e vim-editor f NPM_TOKEN=shortv g postgres://u:pw@h/db'
    expect(mask.mask(text)).toBe('a *** b *** c *** d visible-value e vim-editor f NPM_TOKEN=*** g postgres://u:***@h/db')
    expect(mask.mask('Nonexistent flag: --NPM_TOKEN=abc')).toBe('Nonexistent flag: --NPM_TOKEN=***')
  })
})
