/// <reference lib="webworker" />
import { self } from '$app/service-worker';
import { assets, immutable } from '$app/manifest';
import { version } from '$app/env';

// The app shell is precached per version: after one visit Rounds opens with no network.
// API calls are never cached here: local data lives in IndexedDB and syncs through RxDB.
const CACHE = `rounds-shell-${version}`;
const SHELL = [...immutable.map((f) => `/${f.path}`), ...assets.map((f) => `/${f.path}`), '/'];

self.addEventListener('install', (event) => {
	// No skipWaiting here: the page asks the user first (workbox-window "waiting").
	event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)));
});

self.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await self.clients.claim();
		})()
	);
});

self.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
	const req = event.request;
	const url = new URL(req.url);
	if (
		req.method !== 'GET' ||
		url.origin !== self.location.origin ||
		url.pathname.startsWith('/api/')
	)
		return;
	if (req.mode === 'navigate') {
		// App-shell model: every route is the same index.html, and this version's copy matches the
		// chunks precached with it. Serving it first opens the app at once on a flaky hospital
		// network; a newer version arrives through the update flow, never mid-session.
		event.respondWith(
			(async () => (await caches.match('/', { cacheName: CACHE })) ?? fetch(req))()
		);
		return;
	}
	event.respondWith(
		(async () => {
			const cached = await caches.match(req, { cacheName: CACHE });
			if (cached) return cached;
			return fetch(req);
		})()
	);
});
