/**
 * Browser sync benchmarks: Debian's headless Chromium against the real server and the built app.
 *  1. initial sync of N notifications (~1.5 KB each) into a fresh profile, per N in --sizes, until
 *     the sync indicator says caught up and RxDB holds all N; JS heap and IndexedDB usage after;
 *     control: a raw IndexedDB bulk put of the same documents (one transaction) in the same page;
 *  2. --edits local writes made offline, then reconnect until nothing is pending (server stored);
 *  3. a write on device A until device B's RxDB query emits it, --rounds times (p50, p99).
 *
 *   pnpm bench:browser [-- --sizes 10000,50000 --edits 1000 --rounds 100 --port 4191]
 * Builds the web app only when `web/build` is missing. Starts its own server (PGlite in a temp
 * folder, DEMO=1) on its own port and stops it by PID at the end.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_PASSWORD, benchNotification, seedBenchData, type BenchUser } from './seed.ts';

const { values } = parseArgs({
	options: {
		sizes: { type: 'string', default: '10000,50000' },
		edits: { type: 'string', default: '1000' },
		rounds: { type: 'string', default: '100' },
		port: { type: 'string', default: '4191' },
		keep: { type: 'boolean', default: false }
	}
});
const SIZES = values.sizes.split(',').map(Number);
const EDITS = Number(values.edits);
const ROUNDS = Number(values.rounds);
const PORT = Number(values.port);
const BASE = `http://127.0.0.1:${PORT}`;
const LATENCY_DOCS = 200;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

if (PORT === 4173) throw new Error('Port 4173 is reserved for the e2e run: pick another --port');
if (EDITS > Math.min(...SIZES)) throw new Error('--edits must not exceed the smallest size');

// ---------------------------------------------------------------------------------------------
// Setup: build if needed, seed a fresh PGlite folder, start the server.

if (!existsSync(join(root, 'web/build/index.html'))) {
	console.log('web/build is missing: building the web app first…');
	const r = spawnSync('pnpm', ['--filter', '@rounds/web', 'build'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (r.status !== 0) throw new Error('The web build failed');
}

// Another `pnpm build` during the run swaps the hashed chunks under the open pages: say so.
const shellStamp = () => statSync(join(root, 'web/build/index.html')).mtimeMs;
const builtAt = shellStamp();
const work = mkdtempSync(join(tmpdir(), 'rounds-bench-browser-'));
const dataDir = join(work, 'data');
const t = performance.now();
const users = await seedBenchData(dataDir, [
	...SIZES.map((n) => ({ key: `n${n}`, docs: n })),
	{ key: 'latency', docs: LATENCY_DOCS }
]);
const docBytes = JSON.stringify(benchNotification('bench-n10000', 1)).length;
console.log(
	`Seeded ${SIZES.join(' + ')} + ${LATENCY_DOCS} notifications (${docBytes} B each as JSON) in ${sec(performance.now() - t)}`
);

const started = Date.now();
const problems: string[] = [];
const navigations: string[] = [];
const closing = new WeakSet<BrowserContext>();
const offline = new WeakSet<BrowserContext>();
const signedIn = new WeakSet<Page>();
const server = await startServer();
// Whatever happens to this process, its server goes with it (by PID, never by name).
process.once('exit', () => server.exitCode === null && server.kill('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
let browser: Browser | undefined;
const rows: [string, string, string][] = [];
try {
	browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
	browser.on('disconnected', () => problems.push('browser disconnected'));
	const chromiumVersion = browser.version();

	// 1. Initial sync, raw IndexedDB control. 2. offline edits on the first size.
	for (const n of SIZES) {
		const user = users[`n${n}`]!;
		const device = await newDevice(browser, `initial-${n}`);
		const { page } = device;
		const t0 = await signIn(page, user);
		await waitForCaughtUp(page, n, 900_000);
		const syncMs = Date.now() - t0;
		const heap = await heapMb(device);
		const storage = await storageMb(page);
		const rawMs = await rawIndexedDbPut(page, user, n);
		rows.push(
			[`initial sync, ${n} docs`, ms(syncMs), `${Math.round(n / (syncMs / 1000))} docs/s`],
			[`  JS heap after sync (after GC)`, `${heap} MB`, ''],
			[
				`  IndexedDB usage (storage.estimate)`,
				`${storage.indexedDb} MB`,
				`total ${storage.total} MB`
			],
			[`  control: raw IndexedDB put, ${n} docs`, ms(rawMs), '1 transaction, same page']
		);
		// Offline edits: one write per edit on the first profile, one bulk write on the next.
		if (n === SIZES[0]) rows.push(...(await offlineEdits(device, user, 'one by one')));
		else if (n === SIZES[1]) rows.push(...(await offlineEdits(device, user, 'one bulk write')));
		await device.context.close();
	}

	// 3. Device A → device B.
	const latency = users.latency!;
	const a = await newDevice(browser, 'device-A');
	const b = await newDevice(browser, 'device-B');
	await signIn(a.page, latency);
	await waitForCaughtUp(a.page, LATENCY_DOCS, 120_000);
	await signIn(b.page, latency);
	await waitForCaughtUp(b.page, LATENCY_DOCS, 120_000);
	const lat = await deviceToDevice(a.page, b.page, latency);
	rows.push([
		`A → B, ${lat.delivered}/${ROUNDS} writes`,
		`p50 ${ms(pct(lat.ms, 50))}`,
		`p99 ${ms(pct(lat.ms, 99))}, max ${ms(Math.max(...lat.ms))}`
	]);
	await a.context.close();
	await b.context.close();

	if (shellStamp() !== builtAt) problems.push('web/build was rebuilt during the run');
	printReport(chromiumVersion);
} catch (e) {
	console.error(`\nThe benchmark stopped: ${e instanceof Error ? e.message : String(e)}`);
	if (problems.length) console.error(`Problems seen:\n  ${problems.join('\n  ')}`);
	if (navigations.length) console.error(`Navigations:\n  ${navigations.join('\n  ')}`);
	process.exitCode = 1;
} finally {
	await browser?.close().catch(() => undefined);
	await stopServer(server);
	if (!values.keep) rmSync(work, { recursive: true, force: true });
	else console.log(`Kept ${work}`);
}

// ---------------------------------------------------------------------------------------------
// Measurements.

interface Device {
	name: string;
	context: BrowserContext;
	page: Page;
}

/** The page's RxDB, exposed by the app when `localStorage['rounds.bench'] === '1'`. */
type BenchWindow = typeof globalThis & {
	__roundsDb: {
		notifications: {
			count(): { exec(): Promise<number> };
			findByIds(ids: string[]): {
				exec(): Promise<Map<string, { toMutableJSON(): Record<string, unknown> }>>;
			};
			bulkUpsert(docs: Record<string, unknown>[]): Promise<unknown>;
			find(q?: unknown): { exec(): Promise<BenchDoc[]> };
			findOne(id: string): {
				exec(): Promise<BenchDoc | null>;
				$: { subscribe(f: (d: BenchDoc | null) => void): { unsubscribe(): void } };
			};
		};
	};
	__seen?: Map<string, number>;
};
interface BenchDoc {
	readAt: string | null;
	incrementalPatch(p: Record<string, unknown>): Promise<unknown>;
}

/** A fresh profile (its own IndexedDB and service worker), watched for anything that kills it. */
async function newDevice(b: Browser, name: string): Promise<Device> {
	const context = await b.newContext({ viewport: { width: 1024, height: 768 }, baseURL: BASE });
	const page = await context.newPage();
	const note = (what: string) => problems.push(`${stamp()} ${name}: ${what}`);
	page.on('load', () => navigations.push(`${stamp()} ${name} load ${page.url()}`));
	page.on('crash', () => note('renderer crashed'));
	page.on('close', () => {
		if (!closing.has(context)) note('page closed');
	});
	page.on('pageerror', (e) => note(`page error: ${e.message.slice(0, 200)}`));
	page.on('console', (m) => {
		if (m.type() !== 'error') return;
		const text = m.text();
		// Expected: the login page asks for a session it does not have yet; requests fail offline.
		if (!signedIn.has(page) && text.includes('status of 401')) return;
		if (offline.has(context) && text.includes('ERR_INTERNET_DISCONNECTED')) return;
		note(`console error: ${text.slice(0, 200)}`);
	});
	// A reload or navigation after sign-in would restart sync: report every one.
	page.on('framenavigated', (f) => {
		if (f === page.mainFrame() && !f.url().endsWith('/login'))
			navigations.push(`${name} → ${f.url()}`);
	});
	const close = context.close.bind(context);
	context.close = async (...args) => {
		closing.add(context);
		return close(...args);
	};
	return { name, context, page };
}

/** Signs in through the login form; returns the time of the click. */
async function signIn(page: Page, user: BenchUser): Promise<number> {
	await page.goto('/login');
	await page.evaluate(() => localStorage.setItem('rounds.bench', '1'));
	await page.getByLabel('Email').fill(user.person.email);
	await page.getByLabel('Password').fill(BENCH_PASSWORD);
	const t0 = Date.now();
	signedIn.add(page);
	await page.getByRole('button', { name: 'Sign in' }).click();
	return t0;
}

/**
 * Until the indicator reports caught up and the local notifications number `n`. Polled from here:
 * `waitForFunction` does not await an async predicate (a Promise is truthy at once).
 */
async function waitForCaughtUp(page: Page, n: number, timeout: number): Promise<void> {
	await pollUntil(
		page,
		async (n) => {
			const el = document.querySelector('[data-testid=sync-indicator]');
			const db = (globalThis as BenchWindow).__roundsDb;
			if (el?.getAttribute('data-caught-up') !== 'true' || !db) return false;
			return (await db.notifications.count().exec()) >= n;
		},
		n,
		timeout
	);
}

async function pollUntil(
	page: Page,
	check: (arg: number) => Promise<boolean> | boolean,
	arg: number,
	timeout: number,
	every = 100
): Promise<void> {
	const deadline = Date.now() + timeout;
	let progressAt = Date.now() + 15_000;
	while (!(await page.evaluate(check, arg))) {
		if (Date.now() > progressAt) {
			console.log(`  ${stamp()} waiting: ${await describe(page)}`);
			progressAt = Date.now() + 15_000;
		}
		if (Date.now() > deadline)
			throw new Error(`Timed out after ${timeout} ms: ${await describe(page)}`);
		await new Promise((r) => setTimeout(r, every));
	}
}

/** What the page shows about sync, for a timeout message. */
async function describe(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const el = document.querySelector('[data-testid=sync-indicator]');
		const attrs = el ? Array.from(el.attributes).map((a) => `${a.name}=${a.value}`) : [];
		const db = (globalThis as BenchWindow).__roundsDb;
		const n = db ? await db.notifications.count().exec() : 'no db';
		const text = (el ?? document.body).textContent?.replace(/\s+/g, ' ').trim().slice(0, 300);
		return `${location.pathname}; ${attrs.join(' ')}; ${n} notifications; ${text}`;
	});
}

async function heapMb(device: Device): Promise<number> {
	const cdp = await device.context.newCDPSession(device.page);
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	await cdp.detach();
	return mb(usedSize);
}

async function storageMb(page: Page): Promise<{ indexedDb: number; total: number }> {
	const e = await page.evaluate(async () => {
		const est = (await navigator.storage.estimate()) as StorageEstimate & {
			usageDetails?: { indexedDB?: number };
		};
		return { indexedDb: est.usageDetails?.indexedDB ?? 0, total: est.usage ?? 0 };
	});
	return { indexedDb: mb(e.indexedDb), total: mb(e.total) };
}

/** The same documents put straight into a scratch IndexedDB database in one transaction. */
async function rawIndexedDbPut(page: Page, user: BenchUser, n: number): Promise<number> {
	const sample = benchNotification(user.person.id, 0);
	return page.evaluate(
		async ({ n, sample }) => {
			const docs = Array.from({ length: n }, (_, i) => ({
				...sample,
				id: `${sample.id.replace(/-0$/, '')}-${i}`,
				title: sample.title.replace(' 0:', ` ${i}:`)
			}));
			const db = await new Promise<IDBDatabase>((res, rej) => {
				const r = indexedDB.open(`bench-raw-control-${n}`, 1);
				r.onupgradeneeded = () => r.result.createObjectStore('docs', { keyPath: 'id' });
				r.onsuccess = () => res(r.result);
				r.onerror = () => rej(r.error);
			});
			const t = performance.now();
			await new Promise<void>((res, rej) => {
				const tx = db.transaction('docs', 'readwrite');
				const store = tx.objectStore('docs');
				for (const d of docs) store.put(d);
				tx.oncomplete = () => res();
				tx.onerror = () => rej(tx.error);
			});
			const took = performance.now() - t;
			db.close();
			indexedDB.deleteDatabase(`bench-raw-control-${n}`);
			return took;
		},
		{ n, sample }
	);
}

/** Offline, one local write per document (as a user makes them); online, until none is pending. */
async function offlineEdits(
	device: Device,
	user: BenchUser,
	how: 'one by one' | 'one bulk write'
): Promise<[string, string, string][]> {
	const { page, context } = device;
	const indicator = page.getByTestId('sync-indicator');
	navigations.push(`${stamp()} going offline`);
	offline.add(context);
	await context.setOffline(true);
	await page.waitForFunction(
		() =>
			document.querySelector('[data-testid=sync-indicator]')?.getAttribute('data-online') ===
			'false'
	);
	const localMs = await page.evaluate(
		async ({ uid, edits, bulk }) => {
			const db = (globalThis as BenchWindow).__roundsDb;
			// No named helper in here: tsx wraps those in `__name()`, which the page lacks.
			const base = Date.UTC(2026, 5, 1);
			if (bulk) {
				const ids = Array.from({ length: edits }, (_, i) => `bench-${uid}-${i}`);
				const docs = await db.notifications.findByIds(ids).exec();
				const t = performance.now();
				await db.notifications.bulkUpsert(
					ids.map((id, i) => ({
						...docs.get(id)!.toMutableJSON(),
						readAt: new Date(base + i).toISOString()
					}))
				);
				return performance.now() - t;
			}
			const t = performance.now();
			for (let i = 0; i < edits; i++) {
				const doc = await db.notifications.findOne(`bench-${uid}-${i}`).exec();
				if (!doc)
					throw new Error(
						`missing bench-${uid}-${i}; have ${JSON.stringify((await db.notifications.find().exec()).slice(0, 2).map((d) => (d as unknown as { id: string }).id))}`
					);
				await doc.incrementalPatch({ readAt: new Date(base + i).toISOString() });
			}
			return performance.now() - t;
		},
		{ uid: user.person.id, edits: EDITS, bulk: how === 'one bulk write' }
	);
	const pendingOffline = Number(await indicator.getAttribute('data-pending'));
	const t0 = Date.now();
	await context.setOffline(false);
	await page.waitForFunction(
		() => {
			const el = document.querySelector('[data-testid=sync-indicator]');
			return el?.getAttribute('data-pending') === '0' && el.getAttribute('data-online') === 'true';
		},
		undefined,
		{ timeout: 600_000, polling: 100 }
	);
	const pushMs = Date.now() - t0;
	offline.delete(context);
	// Independent check: what a fresh sign-in would pull from the server now.
	const onServer = await page.evaluate(async (uid) => {
		let checkpoint = '';
		let read = 0;
		for (;;) {
			const r = await fetch(
				`/api/replication/notifications/pull?checkpoint=${checkpoint}&batchSize=500`,
				{ headers: { 'x-rounds-schema': 'notifications@0' } }
			);
			const body = (await r.json()) as {
				documents: { id: string; readAt: string | null }[];
				checkpoint: { xid: string; seq: number } | null;
			};
			read += body.documents.filter((d) => d.id.startsWith(`bench-${uid}-`) && d.readAt).length;
			if (body.documents.length < 500 || !body.checkpoint) return read;
			checkpoint = `${body.checkpoint.xid}:${body.checkpoint.seq}`;
		}
	}, user.person.id);
	if (onServer !== EDITS) problems.push(`server holds ${onServer} of ${EDITS} offline edits`);
	return [
		[
			`${EDITS} offline edits (${how}), ${user.docs} docs local`,
			ms(localMs),
			`${pendingOffline} pending offline`
		],
		[`  reconnect → none pending`, ms(pushMs), `${onServer} read marks on the server`]
	];
}

/** A writes a new `readAt`; B's live RxDB query on that document sees it. */
async function deviceToDevice(
	a: Page,
	b: Page,
	user: BenchUser
): Promise<{ ms: number[]; delivered: number }> {
	const id = `bench-${user.person.id}-0`;
	await b.evaluate((id) => {
		const w = globalThis as BenchWindow;
		w.__seen = new Map();
		w.__roundsDb.notifications.findOne(id).$.subscribe((d) => {
			if (d?.readAt && !w.__seen!.has(d.readAt)) w.__seen!.set(d.readAt, Date.now());
		});
	}, id);
	const out: number[] = [];
	for (let i = 0; i < ROUNDS; i++) {
		const readAt = new Date(Date.UTC(2026, 6, 1) + i * 1000).toISOString();
		const sent = await a.evaluate(
			async ({ id, readAt }) => {
				const doc = await (globalThis as BenchWindow).__roundsDb.notifications.findOne(id).exec();
				const t = Date.now();
				await doc!.incrementalPatch({ readAt });
				return t;
			},
			{ id, readAt }
		);
		const seen = await b
			.waitForFunction((k) => (globalThis as BenchWindow).__seen!.get(k) ?? false, readAt, {
				timeout: 20_000,
				polling: 5
			})
			.then((h) => h.jsonValue() as Promise<number>)
			.catch(() => null);
		if (seen !== null) out.push(seen - sent);
	}
	return { ms: out, delivered: out.length };
}

// ---------------------------------------------------------------------------------------------
// Server process and report.

async function startServer(): Promise<ChildProcess> {
	const log = createWriteStream(join(work, 'server.log'));
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
		cwd: root,
		env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, DEMO: '1', HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.pipe(log);
	child.stderr!.pipe(log);
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`The server exited; see ${join(work, 'server.log')}`);
		const ok = await fetch(`${BASE}/api/health`)
			.then((r) => r.ok)
			.catch(() => false);
		if (ok) return child;
		await new Promise((r) => setTimeout(r, 250));
	}
	child.kill('SIGTERM');
	throw new Error(`The server did not answer on ${BASE} within 60 s`);
}

async function stopServer(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
	if (child.exitCode === null) child.kill('SIGKILL');
}

function printReport(chromiumVersion: string) {
	const w0 = Math.max(...rows.map((r) => r[0].length));
	const w1 = Math.max(...rows.map((r) => r[1].length));
	console.log(
		`\nBrowser sync benchmark: headless Chromium ${chromiumVersion}, server (PGlite, Node ${process.version}) and browser on the same machine, loopback HTTP, ${docBytes} B documents`
	);
	for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
	console.log(
		problems.length
			? `\nProblems seen:\n  ${problems.join('\n  ')}`
			: '\nNo crash, page close, page error or console error.'
	);
	if (navigations.length) console.log(`Navigations after sign-in:\n  ${navigations.join('\n  ')}`);
}

function stamp(): string {
	return `+${((Date.now() - started) / 1000).toFixed(1)}s`;
}
function pct(xs: number[], p: number): number {
	if (!xs.length) return NaN;
	const s = [...xs].sort((x, y) => x - y);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
function ms(x: number): string {
	return x >= 10_000 ? sec(x) : `${Math.round(x)} ms`;
}
function sec(x: number): string {
	return `${(x / 1000).toFixed(1)} s`;
}
function mb(bytes: number): number {
	return Math.round((bytes / 1_048_576) * 10) / 10;
}
