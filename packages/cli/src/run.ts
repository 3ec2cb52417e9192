import {execute} from '@oclif/core/execute'

/** Runs the CLI whose root package.json is beside `binUrl`'s folder (bin/run.js passes its own URL). */
export async function run(binUrl: string, development = false): Promise<void> {
  await execute({development, dir: binUrl})
}
