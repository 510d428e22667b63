/** Jest runs the TypeScript sources as ESM through ts-jest (NODE_OPTIONS=--experimental-vm-modules). */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }
    ]
  },
  // Each run gets its own TMPDIR; the teardown fails the run if a test left anything in it.
  globalSetup: '<rootDir>/__tests__/support/temp-dirs/setup.js',
  globalTeardown: '<rootDir>/__tests__/support/temp-dirs/teardown.js',
  testTimeout: 60000,
  maxWorkers: 2
}
