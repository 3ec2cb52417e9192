#!/usr/bin/env -S node --import tsx
import {execute} from '@oclif/core/execute'

import {exitWhenWritten} from './exit.js'

await execute({development: true, dir: import.meta.url})
await exitWhenWritten()
