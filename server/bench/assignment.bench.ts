/**
 * Image-quality assignment of one month (issue 4, "Measure"): R reviewers, E exams over S sites.
 * Reports the engine alone (median of several runs) and the full server run through the HTTP
 * app: preview (reads + engine) and commit (reads + engine + run record + one review document per
 * assignment through the replicated write path + audit, one transaction), for 4 reviews per
 * reviewer and for a 10% sampling rate, then the replay verification.
 *
 *   pnpm bench:assignment [-- --reviewers 400 --exams 20000 --sites 4 --runs 7]
 * Uses PGlite in a temp folder, or PostgreSQL when DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { readersOf } from '@rounds/shared/sync/access';
import { examFactory, personFactory } from '@rounds/shared/testing/factories';
import { defaultCriteriaTemplates } from '@rounds/shared/reviews/default-templates';
import {
	assignReviews,
	seededRng,
	type AssignmentInput,
	type AssignmentMode
} from '@rounds/shared/reviews/assignment';
import type { Exam } from '@rounds/shared/reviews/exam.schema';
import { defaultConfig, type Deps } from '../src/app-env.ts';
import { createApp } from '../src/app.ts';
import { openDb } from '../src/db/db.ts';
import { migrate } from '../src/db/migrations.ts';
import { createChangeFeed } from '../src/modules/sync/change-feed.ts';
import { insertDocument } from '../src/modules/sync/documents.repository.ts';
import { createSessionFor } from '../src/modules/identity/session.repository.ts';

const { values } = parseArgs({
	options: {
		reviewers: { type: 'string', default: '400' },
		exams: { type: 'string', default: '20000' },
		sites: { type: 'string', default: '4' },
		runs: { type: 'string', default: '7' }
	}
});
const REVIEWERS = Number(values.reviewers);
const EXAMS = Number(values.exams);
const SITES = Number(values.sites);
const RUNS = Number(values.runs);
const MODALITY = 'XR' as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

// Synthetic roster: reviewers spread over sites, sites of unequal size (40/30/20/10% for four),
// each exam performed by a reviewer of its site (5% by someone outside the roster).
const siteIds = Array.from({ length: SITES }, (_, i) => `bench-site-${i}`);
const weights = siteIds.map((_, i) => SITES - i);
const rng = seededRng('bench-roster');
const reviewers = Array.from({ length: REVIEWERS }, (_, i) =>
	personFactory({
		id: `bench-tech-${i}`,
		roles: ['technologist'],
		modalities: [MODALITY],
		siteIds: [siteIds[i % SITES]!]
	})
);
const bySite = siteIds.map((s) => reviewers.filter((r) => r.siteIds[0] === s));
const totalWeight = weights.reduce((a, b) => a + b, 0);
function monthOfExams(month: string): Exam[] {
	const out: Exam[] = [];
	for (let i = 0; i < EXAMS; i++) {
		let pick = rng.below(totalWeight);
		let s = 0;
		while (pick >= weights[s]!) pick -= weights[s++]!;
		const staff = bySite[s]!;
		out.push(
			examFactory({
				id: `bench-${month}-${i}`,
				accession: `B${month.replace('-', '')}${String(i).padStart(6, '0')}`,
				modality: MODALITY,
				siteId: siteIds[s]!,
				performedAt: `${month}-${String(1 + rng.below(28)).padStart(2, '0')}T10:00:00.000Z`,
				performerId:
					rng.below(20) === 0 || !staff.length ? null : staff[rng.below(staff.length)]!.id,
				description: 'XR chest 2 views'
			})
		);
	}
	return out;
}
const november = monthOfExams('2026-11');
const december = monthOfExams('2026-12');

// --- Engine alone -----------------------------------------------------------------------------
const engineInput = (mode: AssignmentMode, seed: string): AssignmentInput => ({
	exams: november.map((e) => ({ id: e.id, siteId: e.siteId, performerId: e.performerId })),
	reviewers: reviewers.map((r) => ({ id: r.id, siteIds: r.siteIds })),
	mode,
	seed
});
const engineResults: string[] = [];
for (const mode of [
	{ kind: 'per-reviewer', count: 4 },
	{ kind: 'rate', rate: 0.1 }
] satisfies AssignmentMode[]) {
	const times: number[] = [];
	let assigned = 0;
	for (let i = 0; i < RUNS; i++) {
		const input = engineInput(mode, `bench-${i}`);
		const t0 = performance.now();
		assigned = assignReviews(input).summary.assigned;
		times.push(performance.now() - t0);
	}
	engineResults.push(
		`  engine, ${mode.kind === 'rate' ? '10% rate' : '4 per reviewer'}: ${assigned} assignments; ` +
			`median ${ms(median(times))} (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}) over ${RUNS} runs`
	);
}

// --- Full server run ----------------------------------------------------------------------------
const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'rounds-bench-'));
const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: dir });
await migrate(db);
const feed = await createChangeFeed(db);
const clock = new Date('2026-12-01T08:00:00Z');
const deps: Deps = { db, feed, config: defaultConfig, now: () => clock };
const director = personFactory({ id: 'bench-director', roles: ['peer_learning_director'] });

const seedStart = performance.now();
await db.transaction(async (tx) => {
	for (const p of [director, ...reviewers])
		await insertDocument(tx, 'people', p, false, readersOf('people', p));
	for (const t of defaultCriteriaTemplates('2026-01-01T00:00:00.000Z'))
		await insertDocument(tx, 'settings', t, false, readersOf('settings', t));
	const readers = readersOf('exams', november[0]!);
	const all = [...november, ...december];
	for (let i = 0; i < all.length; i += 5000)
		await tx.query(
			`insert into documents (collection, id, data, deleted, readers)
			 select 'exams', d->>'id', d, false, $2::text[] from jsonb_array_elements($1::jsonb) d`,
			[JSON.stringify(all.slice(i, i + 5000)), readers]
		);
});
const seedMs = performance.now() - seedStart;

const app = createApp(deps);
const cookie = `rounds_session=${await createSessionFor(deps, director.id)}`;
async function call(path: string, body?: unknown) {
	const t0 = performance.now();
	const res = await app.request(`/api/iq${path}`, {
		method: 'POST',
		headers: { cookie, origin: 'http://localhost', 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const json = (await res.json()) as Record<string, unknown>;
	if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
	return { ms: performance.now() - t0, json };
}

const serverResults: string[] = [];
for (const [period, mode, label] of [
	['2026-11', { kind: 'per-reviewer', count: 4 }, '4 per reviewer'],
	['2026-12', { kind: 'rate', rate: 0.1 }, '10% rate']
] as const) {
	const body = { modality: MODALITY, period, mode, seed: `bench-${period}` };
	const preview = await call('/assignments/preview', body);
	const commit = await call('/assignments', body);
	const run = commit.json.run as { id: string };
	const verify = await call(`/assignments/runs/${run.id}/verify`);
	const written = commit.json.inserted as number;
	serverResults.push(
		`  server, ${label} (${period}): preview ${ms(preview.ms)}; commit ${ms(commit.ms)} ` +
			`writing ${written} reviews (${((commit.ms / written) * 1000).toFixed(0)} µs/review); ` +
			`verify ${ms(verify.ms)} (reproduced: ${String(verify.json.reproduced)})`
	);
}
const notifications = await db.query<{ n: number }>(
	`select count(*)::int as n from documents where collection = 'notifications'`
);

console.log(
	`IQ assignment benchmark: ${REVIEWERS} reviewers, ${EXAMS} exams a month over ${SITES} sites (${MODALITY})`
);
console.log(
	`machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, ${mb(totalmem())} RAM, Node ${process.version}, ` +
		`database ${db.kind}${dir ? ' (temp folder)' : ''}`
);
for (const line of engineResults) console.log(line);
console.log(
	`  (seeding ${2 * EXAMS} exams and ${REVIEWERS + 1} people: ${ms(seedMs)}, not measured)`
);
for (const line of serverResults) console.log(line);
console.log(
	`  notifications derived: ${notifications.rows[0]!.n}; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`
);

await feed.close();
await db.close();
if (dir) rmSync(dir, { recursive: true, force: true });
