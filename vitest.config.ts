import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    // Unit tests live beside each package; test/ holds end-to-end tests of the built CLI.
    projects: [
      {
        // Unit tests of the VM backends spawn their tools' doubles (Node scripts): give a loaded 2-core CI room.
        test: {name: 'unit', include: ['packages/*/test/**/*.test.ts', 'plugins/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'], testTimeout: 30_000},
      },
      {test: {name: 'e2e', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000}},
    ],
    disableConsoleIntercept: true,
  },
})
