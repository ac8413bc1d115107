/** @type {import('jest').Config} */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic', importSource: 'preact' } } } }];
module.exports = {
  testEnvironment: 'node',
  // .mjs too: Preact 11 ships ESM only, and component tests (jsdom) load it.
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  // Preact, valibot, fast-png and iobuffer ship ESM only in some entry points; let swc turn them into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(preact|@preact|valibot|@testing-library/preact|fast-png|iobuffer)/)'],
  testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/tests/**/*.test.tsx'],
  testTimeout: 30000,
};
