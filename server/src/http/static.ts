import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppEnv } from '../app-env.ts';

/**
 * Serves the built SPA: hashed assets cached for a year, the service worker and the shell
 * never cached by HTTP (the service worker does its own caching), and index.html for every
 * other GET outside /api so client-side routes survive a reload.
 */
export function serveWebApp(app: Hono<AppEnv>, webDir: string): void {
	const index = join(webDir, 'index.html');
	if (!existsSync(index)) return;
	const shell = readFileSync(index, 'utf8');
	app.use('/_app/immutable/*', async (c, next) => {
		await next();
		c.header('Cache-Control', 'public, max-age=31536000, immutable');
	});
	app.use('*', async (c, next) => {
		if (c.req.path.startsWith('/api/')) return next();
		await next();
		if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-cache');
	});
	app.use('*', serveStatic({ root: webDir, index: 'index.html' }));
	app.get('*', (c) => {
		if (c.req.path.startsWith('/api/'))
			return c.json({ error: 'not-found', message: 'No such API route' }, 404);
		return c.html(shell);
	});
}
