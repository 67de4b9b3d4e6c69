/**
 * Server alone: N streaming clients and W writers against the real HTTP server.
 * Reports writes/s, stream delivery latency (push acknowledged → event received) p50/p99,
 * end-to-end latency for pulling clients (push acknowledged → document pulled), and memory.
 *
 *   pnpm bench:server [-- --clients 200 --writers 20 --seconds 15]
 * Uses PGlite in a temp folder, or PostgreSQL when DATABASE_URL is set.
 */
import { serve } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { collections } from '@rounds/shared/sync/registry';
import { readersOf } from '@rounds/shared/sync/access';
import { personFactory, siteFactory, submissionFactory } from '@rounds/shared/testing/factories';
import {
	SCHEMA_VERSION_HEADER,
	encodeCheckpoint,
	type Checkpoint
} from '@rounds/shared/sync/protocol';
import { defaultConfig, type Deps } from '../src/app-env.ts';
import { createApp } from '../src/app.ts';
import { openDb } from '../src/db/db.ts';
import { migrate } from '../src/db/migrations.ts';
import { createChangeFeed } from '../src/modules/sync/change-feed.ts';
import { insertDocument } from '../src/modules/sync/documents.repository.ts';
import { createSessionFor } from '../src/modules/identity/session.repository.ts';

const { values } = parseArgs({
	options: {
		clients: { type: 'string', default: '200' },
		writers: { type: 'string', default: '20' },
		seconds: { type: 'string', default: '15' },
		pullers: { type: 'string', default: '20' }
	}
});
const CLIENTS = Number(values.clients);
const WRITERS = Number(values.writers);
const SECONDS = Number(values.seconds);
const PULLERS = Math.min(Number(values.pullers), CLIENTS);

const pct = (xs: number[], p: number) => {
	if (!xs.length) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'rounds-bench-'));
const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: dir });
await migrate(db);
const feed = await createChangeFeed(db);
const deps: Deps = { db, feed, config: defaultConfig, now: () => new Date() };

const chiefs = Array.from({ length: CLIENTS }, (_, i) =>
	personFactory({
		id: `bench-chief-${i}`,
		roles: ['radiologist', 'section_chief'],
		chiefOfSectionIds: ['sec-chest']
	})
);
const writers = Array.from({ length: WRITERS }, (_, i) =>
	personFactory({ id: `bench-writer-${i}` })
);
await db.transaction(async (tx) => {
	for (const p of [...chiefs, ...writers]) await insertDocument(tx, 'people', p, false, ['all']);
	const site = siteFactory({ id: 'site-lg' });
	await insertDocument(tx, 'settings', site, false, readersOf('settings', site));
});
const cookieOf = new Map<string, string>();
for (const p of [...chiefs, ...writers]) cookieOf.set(p.id, await createSessionFor(deps, p.id));

const app = createApp(deps);
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => server.once('listening', r));
const port = (server.address() as { port: number }).port;
const base = `http://127.0.0.1:${port}`;
const headers = (id: string) => ({
	cookie: `rounds_session=${cookieOf.get(id)}`,
	origin: base,
	[SCHEMA_VERSION_HEADER]: `submissions@${collections.submissions.version}`
});

const rssBefore = process.memoryUsage().rss;
const ackAt = new Map<string, number>();
const deliveries: number[] = [];
const endToEnd: number[] = [];
let lastAck = 0;
const controllers: AbortController[] = [];

// Streaming clients: each records when a "submissions changed" event arrives; pullers then pull.
await Promise.all(
	chiefs.map(async (c, i) => {
		const ac = new AbortController();
		controllers.push(ac);
		const res = await fetch(`${base}/api/replication/stream`, {
			headers: headers(c.id),
			signal: ac.signal
		});
		const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
		let checkpoint: Checkpoint | null = null;
		let pulling = false;
		let again = false;
		const pull = async (): Promise<void> => {
			if (pulling) return void (again = true);
			pulling = true;
			do {
				again = false;
				const r = await fetch(
					`${base}/api/replication/submissions/pull?checkpoint=${encodeCheckpoint(checkpoint)}&batchSize=500`,
					{ headers: headers(c.id) }
				);
				const body = (await r.json()) as {
					documents: { id: string }[];
					checkpoint: Checkpoint | null;
				};
				const now = performance.now();
				for (const d of body.documents) {
					const t = ackAt.get(d.id);
					if (t !== undefined) endToEnd.push(now - t);
				}
				checkpoint = body.checkpoint;
			} while (again);
			pulling = false;
		};
		if (i < PULLERS) await pull();
		void (async () => {
			try {
				for (;;) {
					const { value, done } = await reader.read();
					if (done) return;
					if (value.includes('"submissions"')) {
						deliveries.push(performance.now() - lastAck);
						if (i < PULLERS) void pull();
					}
				}
			} catch {
				/* aborted at the end */
			}
		})();
	})
);

let writes = 0;
const t0 = performance.now();
const deadline = t0 + SECONDS * 1000;
await Promise.all(
	writers.map(async (w) => {
		while (performance.now() < deadline) {
			const doc = submissionFactory({ id: randomUUID(), submitterId: w.id });
			const res = await fetch(`${base}/api/replication/submissions/push`, {
				method: 'POST',
				headers: { ...headers(w.id), 'content-type': 'application/json' },
				body: JSON.stringify([
					{ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } }
				])
			});
			if (res.status !== 200) throw new Error(`push failed ${res.status}: ${await res.text()}`);
			lastAck = performance.now();
			ackAt.set(doc.id, lastAck);
			writes++;
		}
	})
);
const elapsed = (performance.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 2000));
const rssAfter = process.memoryUsage().rss;

console.log(
	JSON.stringify(
		{
			benchmark: 'server fan-out',
			database: db.kind,
			clients: CLIENTS,
			pullingClients: PULLERS,
			writers: WRITERS,
			seconds: Number(elapsed.toFixed(1)),
			writesPerSecond: Number((writes / elapsed).toFixed(1)),
			streamDeliveryMs: {
				p50: Number(pct(deliveries, 50).toFixed(1)),
				p99: Number(pct(deliveries, 99).toFixed(1)),
				events: deliveries.length
			},
			pushToPulledMs: {
				p50: Number(pct(endToEnd, 50).toFixed(1)),
				p99: Number(pct(endToEnd, 99).toFixed(1)),
				samples: endToEnd.length
			},
			rss: { before: mb(rssBefore), after: mb(rssAfter) },
			heapUsed: mb(process.memoryUsage().heapUsed)
		},
		null,
		2
	)
);
controllers.forEach((c) => c.abort());
server.close();
await feed.close();
await db.close();
if (dir) rmSync(dir, { recursive: true, force: true });
process.exit(0);
