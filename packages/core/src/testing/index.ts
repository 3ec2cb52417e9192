/** The plugin author's test kit: `@bottle/core/testing` (needs vitest). */
export {describeFreezerConformance} from './conformance.js'
export type {ConformanceSuite, Scenario} from './conformance.js'
export {describeLifecycleConformance} from './lifecycle-conformance.js'
export type {LifecycleConformanceSuite, LifecycleScenario} from './lifecycle-conformance.js'
export {testFreezeContext} from './test-freeze-context.js'
export type {Answer, TestContextInput, TestFreezeRun} from './test-freeze-context.js'
