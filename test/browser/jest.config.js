/**
 * A newcomer's first hour, tested: the README's install routes (install-routes.test.ts) and the browser test (headless
 * Debian Chromium driven by playwright-core) against the demo's n8n. Its own jest config, because
 * it needs the Chromium from scripts/install-browser.sh and a built + packed package (test/e2e/globalSetup.ts).
 *   npx jest -c test/browser/jest.config.js
 */
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	preset: 'ts-jest',
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }] },
	modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/test/e2e/runtime/'],
	testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	testTimeout: 10 * 60 * 1000,
};
