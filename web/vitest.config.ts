import { defineConfig } from 'vitest/config';

/**
 * Unit tests of the web app's pure logic (and RxDB on its in-memory storage). `#lib/*` resolves
 * through package.json "imports", so no alias is needed here.
 */
export default defineConfig({
	test: {
		name: 'web',
		include: ['src/**/*.test.ts'],
		environment: 'node'
	}
});
