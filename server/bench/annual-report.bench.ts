/**
 * Annual report generation (issue 6, "Measure"): a program of 5,000 people and 100,000
 * submissions in a year, with conferences, attendance and image-quality reviews in proportion.
 * Measures the shared `computeAnnualReport` in Node and in headless Chromium (the director's
 * browser: the function bundled with esbuild and run through `page.evaluate` on the same data),
 * and the server endpoint `GET /api/reports/annual` end to end (SQL reads + the same function +
 * JSON) against PGlite holding that data, plus the OPPE CSV export.
 *
 *   pnpm bench:report [-- --people 5000 --submissions 100000 --runs 5]
 * Uses PGlite in a temp folder, or PostgreSQL when DATABASE_URL is set.
 * Chromium: CHROMIUM_PATH or /usr/bin/chromium; esbuild and Playwright are resolved from the
 * workspace's tsx and e2e packages (the bench skips the browser part if they are missing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { Modality } from '@rounds/shared/common.schema';
import type { Attendance, Conference } from '@rounds/shared/conferences/conference.schema';
import type { Person, Role } from '@rounds/shared/identity/identity.schema';
import type { Settings } from '@rounds/shared/org/settings.schema';
import type { QiInitiative } from '@rounds/shared/reports/qi.schema';
import type { IqReview } from '@rounds/shared/reviews/iq-review.schema';
import type { Submission } from '@rounds/shared/submissions/submission.schema';
import {
	annualInputFromDocuments,
	computeAnnualReport,
	type AnnualDocuments
} from '@rounds/shared/reports/annual';
import { seededRng } from '@rounds/shared/reviews/assignment';
import { readersOf } from '@rounds/shared/sync/access';
import type { CollectionName } from '@rounds/shared/sync/registry';
import {
	iqReviewFactory,
	personFactory,
	submissionFactory
} from '@rounds/shared/testing/factories';
import { defaultConfig, type Deps } from '../src/app-env.ts';
import { createApp } from '../src/app.ts';
import { openDb } from '../src/db/db.ts';
import { migrate } from '../src/db/migrations.ts';
import { createChangeFeed } from '../src/modules/sync/change-feed.ts';
import { createSessionFor } from '../src/modules/identity/session.repository.ts';

const { values } = parseArgs({
	options: {
		people: { type: 'string', default: '5000' },
		submissions: { type: 'string', default: '100000' },
		runs: { type: 'string', default: '5' }
	}
});
const PEOPLE = Number(values.people);
const SUBMISSIONS = Number(values.submissions);
const RUNS = Number(values.runs);
const YEAR = 2026;
const NOW = new Date('2027-01-15T12:00:00Z');
const TZ = 'America/Toronto';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const spread = (xs: number[]) =>
	`median ${ms(median(xs))} (min ${ms(Math.min(...xs))}, max ${ms(Math.max(...xs))}) over ${xs.length} runs`;

// --- Synthetic program --------------------------------------------------------------------------
// Proportions of the demo organisation scaled up: a fifth radiologists, most of the rest
// technologists and sonographers; 20 sections with monthly conferences, quarterly department-wide
// rounds and quarterly image-quality rounds per modality; each radiologist attends about a dozen
// conferences, each technologist a couple of IQ rounds; one IQ review per technologist a month.
const rng = seededRng('bench-annual');
const pick = <T>(xs: readonly T[]) => xs[rng.below(xs.length)]!;
const day = (month: number, d: number, hour = 10) =>
	`${YEAR}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const MODS: Modality[] = ['XR', 'CT', 'MR', 'US', 'MG', 'NM'];
const SECTIONS = Array.from({ length: 20 }, (_, i) => ({
	id: `bench-sec-${i}`,
	name: `Section ${i}`
}));
const t0 = '2025-01-01T00:00:00.000Z';

const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => {
	const roles: Role[] =
		i % 5 === 0 ? ['radiologist'] : i % 25 === 1 ? ['admin_support'] : ['technologist'];
	return personFactory({
		id: `bench-p-${i}`,
		name: `Person ${i}`,
		roles,
		fte: pick([1, 1, 1, 0.8, 0.5]),
		sectionIds: [SECTIONS[i % SECTIONS.length]!.id],
		modalities: [MODS[i % MODS.length]!],
		// A few joined during the year, a few left it.
		createdAt: i % 50 === 7 ? day(1 + rng.below(12), 1 + rng.below(28)) : t0,
		updatedAt: t0,
		active: i % 97 !== 3
	});
});
const radiologists = people.filter((p) => p.roles.includes('radiologist'));
const technologists = people.filter((p) => p.roles.includes('technologist'));

const submissions: Submission[] = Array.from({ length: SUBMISSIONS }, (_, i) => {
	const at = day(1 + rng.below(12), 1 + rng.below(28), 8 + rng.below(10));
	return submissionFactory({
		id: `bench-s-${i}`,
		submitterId: pick(radiologists).id,
		status: pick(['submitted', 'in-review', 'closed', 'closed'] as const),
		sectionId: pick(SECTIONS).id,
		accession: `LG${String(26_000_000 + i).padStart(8, '0')}`,
		submittedAt: at,
		createdAt: at,
		updatedAt: at
	});
});

const conferences: Conference[] = [];
const conference = (id: string, c: Partial<Conference>): Conference => ({
	id,
	createdAt: t0,
	updatedAt: t0,
	kind: 'section',
	title: 'Bench conference',
	sectionId: '',
	modality: '',
	mode: 'in-person',
	startsAt: day(1, 1),
	endsAt: day(1, 1, 11),
	location: '',
	meetingUrl: '',
	facilitatorIds: [],
	cmeCredits: 1,
	seriesId: '',
	status: 'held',
	caseIds: Array.from({ length: 2 + rng.below(4) }, (_, k) => `bench-case-${id}-${k}`),
	keyLearnings: '',
	publishedAt: null,
	...c
});
for (const s of SECTIONS)
	for (let m = 1; m <= 12; m++)
		conferences.push(
			conference(`bench-c-${s.id}-${m}`, {
				sectionId: s.id,
				startsAt: day(m, 12, 12),
				status: m === 8 ? 'cancelled' : 'held'
			})
		);
for (let q = 0; q < 4; q++) {
	conferences.push(
		conference(`bench-c-dept-${q}`, { kind: 'department', startsAt: day(q * 3 + 2, 20, 16) })
	);
	for (const m of MODS)
		conferences.push(
			conference(`bench-c-iq-${m}-${q}`, {
				kind: 'iq-rounds',
				modality: m,
				startsAt: day(q * 3 + 3, 8, 7)
			})
		);
}
const attendance: Attendance[] = [];
const attend = (c: Conference, p: Person) =>
	attendance.push({
		id: `att-${c.id}-${p.id}`.slice(0, 64),
		createdAt: c.startsAt,
		updatedAt: c.startsAt,
		conferenceId: c.id,
		userId: p.id,
		method: 'qr',
		token: '',
		reason: '',
		recordedById: p.id
	});
for (const c of conferences) {
	if (c.status === 'cancelled') continue;
	if (c.kind === 'iq-rounds')
		for (const p of technologists)
			if (p.modalities[0] === c.modality && rng.below(3) === 0) attend(c, p);
	if (c.kind !== 'iq-rounds')
		for (const p of radiologists)
			if ((c.kind === 'department' || p.sectionIds[0] === c.sectionId) && rng.below(10) < 7)
				attend(c, p);
}
const iqReviews: IqReview[] = [];
for (let m = 1; m <= 12; m++)
	for (const p of technologists) {
		const status = pick(['submitted', 'submitted', 'submitted', 'declined', 'assigned'] as const);
		iqReviews.push(
			iqReviewFactory({
				id: `bench-iq-${m}-${p.id}`,
				reviewerId: p.id,
				modality: p.modalities[0]!,
				performedAt: day(m, 1 + rng.below(27)),
				status,
				attentionRequired: status === 'submitted' && rng.below(30) === 0,
				submittedAt: status === 'submitted' ? day(m, 28) : null
			})
		);
	}
const qi: QiInitiative[] = Array.from({ length: 50 }, (_, i) => ({
	id: `bench-qi-${i}`,
	createdAt: t0,
	updatedAt: t0,
	title: `Initiative ${i}`,
	ownerId: radiologists[i]!.id,
	status: pick(['proposed', 'active', 'completed'] as const),
	originKind: pick(['submission', 'conference', 'iq-review'] as const),
	startedOn: `${YEAR}-0${1 + (i % 9)}-01`,
	completedOn: null,
	outcome: ''
}));
const settings: Settings[] = [
	...SECTIONS.map((s) => ({
		id: s.id,
		createdAt: t0,
		updatedAt: t0,
		kind: 'section' as const,
		name: s.name,
		active: true,
		data: { code: s.id.slice(-4), modalities: ['CT'] }
	})),
	{
		id: `policy-${YEAR}`,
		createdAt: t0,
		updatedAt: t0,
		kind: 'target-policy',
		name: `Targets ${YEAR}`,
		active: true,
		data: {
			year: YEAR,
			version: 1,
			editedById: '',
			note: '',
			supersededAt: null,
			attendance: {
				total: { minimum: 6, encouraged: 10 },
				department: { minimum: 2, encouraged: 4 },
				subspecialty: { minimum: 3, encouraged: 4 }
			},
			submissions: { per: 'work-week', count: 1, prorateByFte: true },
			conferences: { total: null, department: 4, perSection: 4, sections: [] },
			iqReviews: { perReviewer: 1, period: 'month' },
			reminders: { midPeriodDay: null, upcomingConferences: false }
		}
	}
];
const docs: AnnualDocuments = {
	people,
	submissions,
	conferences,
	attendance,
	qi,
	iqReviews,
	settings
};

// --- Node ---------------------------------------------------------------------------------------
const nodeTimes: number[] = [];
let figures = computeAnnualReport(annualInputFromDocuments(docs, YEAR, NOW, TZ));
for (let i = 0; i < RUNS; i++) {
	const start = performance.now();
	figures = computeAnnualReport(annualInputFromDocuments(docs, YEAR, NOW, TZ));
	nodeTimes.push(performance.now() - start);
}

// --- Headless Chromium --------------------------------------------------------------------------
const root = fileURLToPath(new URL('../../', import.meta.url));
// The parts of esbuild and Playwright used here (they are not dependencies of the server).
interface Esbuild {
	build(options: object): Promise<{ outputFiles: { text: string }[] }>;
}
interface BenchPage {
	addScriptTag(options: { content: string }): Promise<unknown>;
	evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
}
interface Chromium {
	launch(options: object): Promise<{
		version(): string;
		newPage(options: object): Promise<BenchPage>;
		close(): Promise<void>;
	}>;
}
let browserLine: string;
try {
	const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx'))(
		'esbuild'
	) as Esbuild;
	const { chromium } = createRequire(join(root, 'e2e/package.json'))('@playwright/test') as {
		chromium: Chromium;
	};
	const bundle = await esbuild.build({
		stdin: {
			contents: `export { annualInputFromDocuments, computeAnnualReport } from './shared/src/reports/annual.ts';`,
			resolveDir: root,
			loader: 'ts'
		},
		bundle: true,
		format: 'iife',
		globalName: 'Annual',
		target: 'es2022',
		write: false
	});
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu']
	});
	const page = await browser.newPage({ timezoneId: TZ });
	await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
	// The documents cross into the page once, in slices (one structured clone of everything
	// exhausts the page), before any timing: on a device they are already in memory from RxDB.
	await page.evaluate(() => {
		(globalThis as unknown as { docs: Record<string, unknown[]> }).docs = {};
	}, null);
	for (const [name, list] of Object.entries(docs) as [string, unknown[]][])
		for (let i = 0; i < Math.max(list.length, 1); i += 5000)
			await page.evaluate(
				({ name, slice }: { name: string; slice: unknown[] }) => {
					const d = (globalThis as unknown as { docs: Record<string, unknown[]> }).docs;
					(d[name] ??= []).push(...slice);
				},
				{ name, slice: list.slice(i, i + 5000) }
			);
	const result = await page.evaluate(
		({ runs, year, now, tz }: { runs: number; year: number; now: string; tz: string }) => {
			const g = globalThis as unknown as {
				docs: AnnualDocuments;
				Annual: {
					computeAnnualReport: typeof computeAnnualReport;
					annualInputFromDocuments: typeof annualInputFromDocuments;
				};
			};
			const times: number[] = [];
			let out = g.Annual.computeAnnualReport(
				g.Annual.annualInputFromDocuments(g.docs, year, new Date(now), tz)
			);
			for (let i = 0; i < runs; i++) {
				const start = performance.now();
				out = g.Annual.computeAnnualReport(
					g.Annual.annualInputFromDocuments(g.docs, year, new Date(now), tz)
				);
				times.push(performance.now() - start);
			}
			return { times, json: JSON.stringify(out) };
		},
		{ runs: RUNS, year: YEAR, now: NOW.toISOString(), tz: TZ }
	);
	const same = result.json === JSON.stringify(figures);
	browserLine = `  browser (Chromium ${browser.version()}, headless, page.evaluate): ${spread(result.times)}; same figures as Node: ${same}`;
	await browser.close();
} catch (e) {
	browserLine = `  browser: failed (${(e as Error).message.split('\n')[0]})`;
}

// --- Server -------------------------------------------------------------------------------------
const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'rounds-bench-'));
const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: dir });
await migrate(db);
const feed = await createChangeFeed(db);
const deps: Deps = { db, feed, config: defaultConfig, now: () => NOW };
const director = personFactory({ id: 'bench-director', roles: ['peer_learning_director'] });

const seedStart = performance.now();
await db.transaction(async (tx) => {
	const insert = async (collection: CollectionName, rows: { id: string }[]) => {
		for (let i = 0; i < rows.length; i += 2000) {
			const chunk = rows.slice(i, i + 2000);
			await tx.query(
				`insert into documents (collection, id, data, deleted, readers)
				 select $1, d.doc->>'id', d.doc, false, d.readers
				   from jsonb_to_recordset($2::jsonb) as d(doc jsonb, readers text[])`,
				[
					collection,
					JSON.stringify(
						chunk.map((doc) => ({ doc, readers: readersOf(collection, doc as never) }))
					)
				]
			);
		}
	};
	await insert('people', [director, ...people]);
	await insert('submissions', submissions);
	await insert('conferences', conferences);
	await insert('attendance', attendance);
	await insert('iq_reviews', iqReviews);
	await insert('qi_initiatives', qi);
	await insert('settings', settings);
});
const seedMs = performance.now() - seedStart;

const app = createApp(deps);
const cookie = `rounds_session=${await createSessionFor(deps, director.id)}`;
async function timed(path: string, runs: number) {
	const times: number[] = [];
	let body = '';
	for (let i = 0; i < runs + 1; i++) {
		const start = performance.now();
		const res = await app.request(path, { headers: { cookie } });
		body = await res.text();
		if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body}`);
		// The first request warms the database's caches and is not counted.
		if (i) times.push(performance.now() - start);
	}
	return { times, body };
}
const annual = await timed(`/api/reports/annual?year=${YEAR}&tz=${encodeURIComponent(TZ)}`, RUNS);
const oppe = await timed(`/api/reports/oppe?year=${YEAR}&tz=${encodeURIComponent(TZ)}`, RUNS);
const serverSame = annual.body === JSON.stringify(figures);

console.log(
	`Annual report benchmark: ${PEOPLE} people (${radiologists.length} radiologists, ${technologists.length} technologists), ` +
		`${SUBMISSIONS} submissions, ${conferences.length} conferences, ${attendance.length} attendance records, ` +
		`${iqReviews.length} IQ reviews, ${qi.length} QI initiatives in ${YEAR}; time zone ${TZ}`
);
console.log(
	`machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, ${mb(totalmem())} RAM, Node ${process.version}, ` +
		`database ${db.kind}${dir ? ' (temp folder)' : ''}`
);
console.log(
	`  figures: ${figures.totalSubmissions} submissions counted; attendance met ${figures.attendance?.met}/${figures.attendance?.of}; submissions met ${figures.submissions?.met}/${figures.submissions?.of}`
);
console.log(`  Node (shared function, documents → figures): ${spread(nodeTimes)}`);
console.log(browserLine);
console.log(`  (seeding the database: ${ms(seedMs)}, not measured)`);
console.log(
	`  server GET /api/reports/annual (SQL reads + shared function + JSON): ${spread(annual.times)}; same figures as Node: ${serverSame}`
);
console.log(
	`  server GET /api/reports/oppe (CSV, ${oppe.body.split('\n').length - 1} rows, ${(oppe.body.length / 1024).toFixed(0)} kB): ${spread(oppe.times)}`
);
console.log(`  peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);

await feed.close();
await db.close();
if (dir) rmSync(dir, { recursive: true, force: true });
