/**
 * Browser benchmarks, in Debian's Chromium against the real server and built app:
 *  1. initial sync of N documents (~1.5 KB each) into a fresh profile, for N in --sizes;
 *     control: a raw IndexedDB bulk put of the same documents in the same browser;
 *  2. 1,000 edits made offline, pushed on reconnect (until the server holds all of them);
 *  3. a change on device A until device B's live query shows it (p50, p99).
 *
 *   pnpm bench:browser [-- --sizes 10000,50000 --edits 1000 --rounds 50]
 * Needs `pnpm build` first (the script says so). Prints one JSON report.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { serve } from '@hono/node-server';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import { personFactory } from '@rounds/shared/testing/factories';
import { defaultConfig, type Deps } from '../../server/src/app-env.ts';
import { createApp } from '../../server/src/app.ts';
import { openDb } from '../../server/src/db/db.ts';
import { migrate } from '../../server/src/db/migrations.ts';
import { createChangeFeed } from '../../server/src/modules/sync/change-feed.ts';
import { insertDocument } from '../../server/src/modules/sync/documents.repository.ts';
import { hashPassword } from '../../server/src/modules/identity/password.ts';
import { insertPerson } from '../../server/src/modules/identity/people.repository.ts';
import { chromiumArgs } from '../playwright.config.ts';

const { values } = parseArgs({
	options: {
		sizes: { type: 'string', default: '10000,50000' },
		edits: { type: 'string', default: '1000' },
		rounds: { type: 'string', default: '50' }
	}
});
const SIZES = values.sizes.split(',').map(Number);
const EDITS = Number(values.edits);
const ROUNDS = Number(values.rounds);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const webDir = join(root, 'web/build');
if (!existsSync(join(webDir, 'index.html'))) throw new Error('Run `pnpm build` first');

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};
const PASSWORD = 'bench-password-123';
const body = 'Synthetic benchmark notification body. '.repeat(35).slice(0, 1300);

function notification(userId: string, i: number): Notification {
	const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
	return {
		id: `bench-${userId}-${i}`,
		createdAt: at,
		updatedAt: at,
		userId,
		kind: 'reminder',
		title: `Benchmark item ${i}`,
		body,
		link: '/inbox',
		readAt: null
	};
}

async function startServer(n: number) {
	const dir = mkdtempSync(join(tmpdir(), 'rounds-bench-browser-'));
	const db = await openDb({ dataDir: dir });
	await migrate(db);
	const feed = await createChangeFeed(db);
	const deps: Deps = { db, feed, config: { ...defaultConfig, webDir }, now: () => new Date() };
	const user = personFactory({
		id: `bench-user-${n}`,
		email: `bench${n}@example.test`,
		roles: ['radiologist']
	});
	await db.transaction(async (tx) => {
		await insertPerson(tx, user, await hashPassword(PASSWORD));
		for (let i = 0; i < n; i++)
			await insertDocument(tx, 'notifications', notification(user.id, i), false, [
				`user:${user.id}`
			]);
	});
	const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' });
	await new Promise((r) => server.once('listening', r));
	const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	return {
		base,
		user,
		deps,
		async stop() {
			server.close();
			await feed.close();
			await db.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

async function newDevice(browser: Browser, base: string): Promise<Page> {
	const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 }, baseURL: base });
	const page = await ctx.newPage();
	page.on('pageerror', (e) => console.error('pageerror', e.message.slice(0, 300)));
	page.on('crash', () => console.error('page crashed'));
	page.on('close', () => console.error('page closed'));
	await page.goto('/login');
	await page.evaluate(() => localStorage.setItem('rounds.bench', '1'));
	return page;
}

async function login(page: Page, email: string) {
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Documents of the user's local notifications store, counted in IndexedDB itself. */
async function localCount(page: Page, userId: string): Promise<number> {
	return page.evaluate(async (uid) => {
		const name = (await indexedDB.databases())
			.map((d) => d.name ?? '')
			.find((n) =>
				n.endsWith(`rounds_${uid.replace(/[^a-z0-9]/gi, '_').toLowerCase()}--0--notifications`)
			);
		if (!name) return 0;
		const db = await new Promise<IDBDatabase>((res, rej) => {
			const r = indexedDB.open(name);
			r.onsuccess = () => res(r.result);
			r.onerror = () => rej(r.error);
		});
		const store =
			Array.from(db.objectStoreNames).find((s) => s === 'docs') ?? db.objectStoreNames[0]!;
		const n = await new Promise<number>((res) => {
			const r = db.transaction(store, 'readonly').objectStore(store).count();
			r.onsuccess = () => res(r.result);
		});
		db.close();
		return n;
	}, userId);
}

const report: Record<string, unknown> = {
	benchmark: 'browser sync',
	chromium: '',
	conditions: 'headless Chromium, server and browser on the same 2-core machine, PGlite, loopback'
};
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
	args: chromiumArgs
});
report.chromium = browser.version();

for (const n of SIZES) {
	const s = await startServer(n);
	const page = await newDevice(browser, s.base);
	const t0 = Date.now();
	await login(page, s.user.email);
	while ((await localCount(page, s.user.id)) < n) await page.waitForTimeout(200);
	const syncMs = Date.now() - t0;
	// Control: the same documents written straight into IndexedDB in one transaction.
	const rawMs = await page.evaluate(
		async ({ n, body }) => {
			const docs = Array.from({ length: n }, (_, i) => ({
				id: `raw-${i}`,
				title: `Benchmark item ${i}`,
				body,
				i
			}));
			const db = await new Promise<IDBDatabase>((res) => {
				const r = indexedDB.open(`raw-control-${n}`, 1);
				r.onupgradeneeded = () => r.result.createObjectStore('docs', { keyPath: 'id' });
				r.onsuccess = () => res(r.result);
			});
			const t = performance.now();
			await new Promise<void>((res) => {
				const tx = db.transaction('docs', 'readwrite');
				const store = tx.objectStore('docs');
				for (const d of docs) store.put(d);
				tx.oncomplete = () => res();
			});
			return performance.now() - t;
		},
		{ n, body }
	);
	report[`initialSync_${n}`] = {
		docs: n,
		approxKBEach: 1.5,
		rxdbMs: syncMs,
		rawIndexedDbPutMs: Math.round(rawMs),
		docsPerSecond: Math.round(n / (syncMs / 1000))
	};

	if (n === SIZES[0]) {
		// 2. Offline edits pushed on reconnect.
		await page.context().setOffline(true);
		const editStart = Date.now();
		await page.evaluate(
			async ({ uid, edits }) => {
				const db = (
					globalThis as unknown as {
						__roundsDb: {
							notifications: {
								bulkUpsert(d: unknown[]): Promise<unknown>;
								findByIds(ids: string[]): {
									exec(): Promise<Map<string, { toMutableJSON(): Record<string, unknown> }>>;
								};
							};
						};
					}
				).__roundsDb;
				const ids = Array.from({ length: edits }, (_, i) => `bench-${uid}-${i}`);
				const docs = await db.notifications.findByIds(ids).exec();
				const now = new Date().toISOString();
				await db.notifications.bulkUpsert(
					[...docs.values()].map((d) => ({ ...d.toMutableJSON(), readAt: now, updatedAt: now }))
				);
			},
			{ uid: s.user.id, edits: EDITS }
		);
		const localMs = Date.now() - editStart;
		const t1 = Date.now();
		await page.context().setOffline(false);
		for (;;) {
			const r = await s.deps.db.query<{ n: string }>(
				`select count(*)::text as n from documents where collection = 'notifications' and data->>'readAt' is not null`
			);
			if (Number(r.rows[0]!.n) >= EDITS) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		report.offlineEdits = {
			edits: EDITS,
			localWriteMs: localMs,
			reconnectToServerHasAllMs: Date.now() - t1
		};

		// 3. Device A → device B latency (same user, two browser contexts).
		const b = await newDevice(browser, s.base);
		await login(b, s.user.email);
		while ((await localCount(b, s.user.id)) < n) await b.waitForTimeout(200);
		const target = `bench-${s.user.id}-0`;
		await b.evaluate((id) => {
			const w = globalThis as unknown as {
				__seen: Record<string, number>;
				__roundsDb: {
					notifications: {
						findOne(id: string): {
							$: { subscribe(f: (d: { title: string } | null) => void): void };
						};
					};
				};
			};
			w.__roundsDb.notifications.findOne(id).$.subscribe((d) => {
				if (d) w.__seen[d.title] = Date.now();
			});
		}, target);
		const latencies: number[] = [];
		for (let i = 0; i < ROUNDS; i++) {
			const title = `round ${i} ${Date.now()}`;
			const sent = await page.evaluate(
				async ({ id, title }) => {
					const db = (
						globalThis as unknown as {
							__roundsDb: {
								notifications: {
									findOne(id: string): {
										exec(): Promise<{ incrementalPatch(p: unknown): Promise<unknown> }>;
									};
								};
							};
						}
					).__roundsDb;
					const doc = await db.notifications.findOne(id).exec();
					const t = Date.now();
					await doc.incrementalPatch({ title, updatedAt: new Date().toISOString() });
					return t;
				},
				{ id: target, title }
			);
			let seen: number | undefined;
			const deadline = Date.now() + 20_000;
			while (!seen && Date.now() < deadline) {
				seen = await b.evaluate(
					(t) => (globalThis as unknown as { __seen: Record<string, number> }).__seen[t],
					title
				);
				if (!seen) await b.waitForTimeout(10);
			}
			if (seen) latencies.push(seen - sent);
		}
		report.deviceToDevice = {
			rounds: ROUNDS,
			delivered: latencies.length,
			p50Ms: pct(latencies, 50),
			p99Ms: pct(latencies, 99)
		};
		await b.context().close();
	}
	await page.context().close();
	await s.stop();
}
await browser.close();
console.log(JSON.stringify(report, null, 2));
process.exit(0);
