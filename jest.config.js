import { availableParallelism } from 'node:os'

// ESM TypeScript under jest: ts-jest in ESM mode, `.js` import suffixes mapped back to sources.
// Four projects: `unit` (pure and fake-driven; what `npm run test:unit` runs, in seconds),
// `integration` (the bundle and the real SDK clients against loopback servers and the
// simulator), `e2e` (real components; skipped unless ECS_FLOW_E2E=1) and `repository` (the
// README, workflows, IAM policies and release checks).
const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }] },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/e2e/.state/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/e2e/.state/']
}

const integration = [
  '<rootDir>/__tests__/integration/**/*.test.ts',
  '<rootDir>/__tests__/sim/**/*.test.ts',
  '<rootDir>/__tests__/security/faults.test.ts',
  '<rootDir>/__tests__/security/injection.test.ts',
  '<rootDir>/__tests__/security/hung-endpoints.test.ts',
  '<rootDir>/__tests__/security/hostile-replies.test.ts'
]
const repository = [
  '<rootDir>/__tests__/readme.test.ts',
  '<rootDir>/__tests__/workflows.test.ts',
  '<rootDir>/__tests__/release-check.test.ts',
  '<rootDir>/__tests__/security/iam-policy.test.ts'
]
const e2e = ['<rootDir>/__tests__/e2e/**/*.test.ts']

// The integration suites spend most of their time waiting on the simulator's timelines and on
// the bundle's processes, not on the CPU: two workers a core keep both cores busy (on 2 cores the
// default, cores - 1, ran them one file at a time: 9 min against under 3).
const WORKERS = Math.max(2, availableParallelism() * 2)

// Files whose cases mostly wait (deadline, run-once) run them side by side (it.concurrent), a
// simulator each. Three at a time: with every worker busy, more action processes than that per
// file starve the CPU, and a case's own 30 s timeout is spent starting node.
const CONCURRENT_CASES = 3

export default {
  clearMocks: true,
  maxWorkers: WORKERS,
  maxConcurrency: CONCURRENT_CASES,
  testTimeout: 30000,
  verbose: false,
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary'],
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: [
        ...base.testPathIgnorePatterns,
        '/__tests__/integration/',
        '/__tests__/sim/',
        '/__tests__/e2e/',
        '/__tests__/security/faults\\.test\\.ts$',
        '/__tests__/security/injection\\.test\\.ts$',
        '/__tests__/security/hung-endpoints\\.test\\.ts$',
        '/__tests__/security/hostile-replies\\.test\\.ts$',
        '/__tests__/readme\\.test\\.ts$',
        '/__tests__/workflows\\.test\\.ts$',
        '/__tests__/release-check\\.test\\.ts$',
        '/__tests__/security/iam-policy\\.test\\.ts$'
      ]
    },
    { ...base, displayName: 'integration', testMatch: integration },
    { ...base, displayName: 'e2e', testMatch: e2e },
    { ...base, displayName: 'repository', testMatch: repository }
  ]
}
