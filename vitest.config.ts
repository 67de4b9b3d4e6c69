import { defineConfig } from 'vitest/config';

/**
 * Unit and server tests. The server suite runs twice: on PGlite (default) and on PostgreSQL
 * (`pnpm test:server:pg`, TEST_DATABASE_URL set). Web tests use web/vitest.config.ts.
 */
export default defineConfig({
	test: {
		projects: [
			{ test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
			'web/vitest.config.ts',
			{
				test: {
					name: 'server',
					include: ['server/src/**/*.test.ts'],
					testTimeout: 20_000,
					hookTimeout: 30_000
				}
			}
		]
	}
});
