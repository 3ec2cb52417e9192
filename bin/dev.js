#!/usr/bin/env node
// Runs the TypeScript sources, not the build, through tsx (a dev dependency of the workspace).
const {join} = require('node:path')

const {exitWhenWritten} = require('./exit.js')

try {
  require.resolve('tsx')
} catch {
  process.stderr.write('bottle: bin/dev.js runs the TypeScript sources through tsx, which is not installed: add it (pnpm add -D -w tsx) or run the build, bin/run.js\n')
  process.exit(1)
}

// What `node --import tsx` does, once tsx is known to be there; in development mode oclif maps dist/ to src/.
import('tsx/esm/api')
  .then(({register}) => register())
  .then(() => require('@oclif/core/execute').execute({development: true, dir: join(__dirname, '..')}))
  .then(exitWhenWritten)
