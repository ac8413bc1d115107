/** @type {import('jest').Config} */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic', importSource: 'preact' } } } }];
module.exports = {
  testEnvironment: 'node',
  // .mjs too: Preact 11 ships ESM only, and component tests (jsdom) load it.
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  // Preact, valibot, fast-png and iobuffer ship ESM only in some entry points; let swc turn them into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(preact|@preact|valibot|@testing-library/preact|fast-png|iobuffer)/)'],
  testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/tests/**/*.test.tsx'],
  // Generous: CI runs in band on a loaded 2-core machine, where a test that takes 10 s alone can
  // take three times that. A passing test never waits it out; only a hung one does.
  testTimeout: 60000,
  // Something in the suite still holds the event loop after the last test (the relay body guard
  // was one; another is not found yet, see the closing note of 2026-12-01). On a 2-core machine
  // jest runs in band, so without this the run would wait forever and CI would time out.
  // Narrowed on 2026-12-01: in band, tests/replicate-server, tests/relay, every e2e file and
  // explore-many-predictions + errors + train-style each exit on their own; all of
  // tests/integration does not, with two ref'd Timeouts left that are not long timers or
  // intervals created by a test (re-armed ones, or made before the first test file ran).
  forceExit: true,
};
