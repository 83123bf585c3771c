// ESM TypeScript under jest: ts-jest in ESM mode, `.js` import suffixes mapped back to sources.
export default {
  clearMocks: true,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }] },
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/e2e/.state/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/e2e/.state/'],
  testTimeout: 30000,
  verbose: false
}
