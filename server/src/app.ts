import { Hono } from 'hono';
import type { AppEnv, Deps } from './app-env.ts';
import { replicationRoutes } from './modules/sync/replication.routes.ts';

/** Builds the HTTP app. No port: tests call `app.request()` directly. */
export function createApp(deps: Deps) {
	const app = new Hono<AppEnv>();
	app.get('/api/health', async (c) => {
		await deps.db.query('select 1');
		return c.json({ status: 'ok' as const, database: deps.db.kind });
	});
	app.route('/api/replication', replicationRoutes(deps));
	return app;
}
export type App = ReturnType<typeof createApp>;
