/**
 * One jest run for the whole monorepo. TypeScript is compiled per file by swc (type-checking is
 * `tsc -b`'s job in `pnpm test`), tests run as native ES modules, and `@kubekit/*` imports resolve
 * to package sources so tests never run stale builds.
 *
 * The global setup starts one real API server for the run (see docs/testing.md); it is loaded from
 * the built `@kubekit/testing`, which is why `pnpm jest` builds first.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'es6' }, sourceMaps: 'inline' },
    ],
  },
  moduleNameMapper: {
    '^@kubekit/(core|client)/internal$': '<rootDir>/packages/$1/src/internal.ts',
    '^@kubekit/(core|client|cache|manager|testing|crd)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  globalSetup: '<rootDir>/packages/testing/dist/jest/globalSetup.js',
  globalTeardown: '<rootDir>/packages/testing/dist/jest/globalTeardown.js',
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
