#!/usr/bin/env node
// `bottle --version` is answered before oclif loads when nothing could change the answer.
const {fastVersion} = await import('@bottle/cli/fast-version')
if (!fastVersion(new URL('../package.json', import.meta.url))) {
  if (process.env.BOTTLE_DEBUG && process.env.BOTTLE_DEBUG !== '0') process.setSourceMapsEnabled(true)
  const {run} = await import('@bottle/cli/run')
  await run(import.meta.url)
}
