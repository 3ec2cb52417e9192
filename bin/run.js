#!/usr/bin/env node
// CommonJS (bin/package.json): Node starts no ES module loader before it must,
// and `bottle --version` is answered before oclif loads when nothing could change the answer.
const {join} = require('node:path')

const {exitWhenWritten} = require('./exit.js')

const root = join(__dirname, '..')
if (!require('@bottle/cli/fast-version').fastVersion(join(root, 'package.json'))) {
  if (process.env.BOTTLE_DEBUG && process.env.BOTTLE_DEBUG !== '0') process.setSourceMapsEnabled(true)
  import('@bottle/cli/run').then(({run}) => run(root)).then(exitWhenWritten)
}
