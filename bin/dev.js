#!/usr/bin/env node
// Runs the TypeScript sources, not the build, through tsx: a tool you add yourself (pnpm add -D -w tsx).
import {createRequire} from 'node:module'

import {exitWhenWritten} from './exit.js'

try {
  createRequire(import.meta.url).resolve('tsx')
} catch {
  process.stderr.write('bottle: bin/dev.js runs the TypeScript sources through tsx, which is not installed: add it (pnpm add -D -w tsx) or run the build, bin/run.js\n')
  process.exit(1)
}

// In development mode oclif registers tsx itself and maps dist/ to src/.
const {execute} = await import('@oclif/core/execute')
await execute({development: true, dir: import.meta.url})
await exitWhenWritten()
