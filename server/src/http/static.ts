import { existsSync, readFileSync, statSync } from 'node:fs';
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
	// Re-read the shell when a rebuild replaces it, so it never points at deleted chunks.
	let stamp = -1;
	let shell = '';
	const currentShell = () => {
		const m = statSync(index).mtimeMs;
		if (m !== stamp) {
			stamp = m;
			shell = readFileSync(index, 'utf8');
		}
		return shell;
	};
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
		// A missing asset is a 404, never the HTML shell (a script served as HTML breaks loudly).
		if (c.req.path.startsWith('/_app/') || /\.[a-z0-9]+$/i.test(c.req.path))
			return c.text('Not found', 404);
		return c.html(currentShell());
	});
}
