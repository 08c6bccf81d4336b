/**
 * The browser test (headless Debian Chromium, playwright-core) against the demo's n8n: its own jest config, because
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
	testMatch: ['<rootDir>/test/browser/**/*.browser.test.ts'],
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	testTimeout: 10 * 60 * 1000,
};
