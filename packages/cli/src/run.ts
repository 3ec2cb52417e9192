import {execute} from '@oclif/core/execute'

/** Runs the CLI whose root (the folder of its package.json) is `root`. */
export async function run(root: string): Promise<void> {
  await execute({dir: root})
}
