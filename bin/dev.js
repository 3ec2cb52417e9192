#!/usr/bin/env -S node --import tsx
// Development: oclif maps the CLI's dist/ to src/ and runs the TypeScript sources through tsx.
const {join} = require('node:path')

const {exitWhenWritten} = require('./exit.js')

require('@oclif/core/execute')
  .execute({development: true, dir: join(__dirname, '..')})
  .then(exitWhenWritten)
