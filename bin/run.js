#!/usr/bin/env node
import {execute} from '@oclif/core/execute'

import {exitWhenWritten} from './exit.js'

await execute({dir: import.meta.url})
await exitWhenWritten()
