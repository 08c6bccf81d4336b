/**
 * Three projects: fast tests (unit + integration against the emulators), the same nodes run on n8n's own engine
 * (n8n-core in-process, test/integration/engine) and end-to-end tests in real n8n.
 */
const common = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }] },
	modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/test/e2e/runtime/', '<rootDir>/.e2e/'],
};
module.exports = {
	projects: [
		{
			...common,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/{unit,integration,emulators,contract}/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/engine/'],
		},
		{
			...common,
			displayName: 'engine',
			// one realm, as in n8n: values that isolated-vm copies out of the expression sandbox are checked with
			// `Object.getPrototypeOf(v) === Object.prototype`, which jest's per-file realm would fail
			testEnvironment: 'jest-environment-node-single-context',
			testMatch: ['<rootDir>/test/integration/engine/**/*.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/support/engine/jest.setup.ts'],
		},
		{ ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], globalSetup: '<rootDir>/test/e2e/globalSetup.ts' },
	],
};
