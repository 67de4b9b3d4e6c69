import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { Role } from '@rounds/shared/identity/identity.schema';
import type { CollectionName } from '@rounds/shared/sync/registry';
import {
	annualInputFromDocuments,
	computeAnnualReport,
	computeOppe,
	oppeInputFromDocuments,
	oppeRecords,
	type AnnualDocuments,
	type AnnualFigures
} from '@rounds/shared/reports/annual';
import { createApp } from '../../app.ts';
import { buildDemoData, type DemoData } from '../../demo/demo-data.ts';
import { seedDemo } from '../../demo/seed.ts';
import { createSessionFor } from '../identity/session.repository.ts';
import { createTestPerson, makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';

const NOW = new Date('2026-11-23T12:00:00.000Z');
let deps: TestDeps;
let demo: DemoData;

beforeEach(async () => {
	deps = await makeTestDeps();
	deps.clock.now = NOW;
	await seedDemo(deps);
	demo = buildDemoData(NOW);
});
afterEach(() => deps.close());

const docsOf = <T>(collection: CollectionName) =>
	demo.docs.filter((d) => d.collection === collection).map((d) => d.doc as unknown as T);

/** Everything the director's device holds, as the browser reads it from RxDB. */
function browserDocs(): AnnualDocuments {
	return {
		people: demo.people,
		// The director's device never receives other people's drafts; the server holds them.
		submissions: docsOf<AnnualDocuments['submissions'][number]>('submissions').filter(
			(s) => s.status !== 'draft'
		),
		conferences: docsOf('conferences'),
		attendance: docsOf('attendance'),
		qi: docsOf('qi_initiatives'),
		iqReviews: docsOf('iq_reviews'),
		settings: docsOf('settings')
	};
}

async function get(path: string, as: string | Role[]) {
	const id =
		typeof as === 'string' ? as : (await createTestPerson(deps, { roles: as, sectionIds: [] })).id;
	const cookie = `rounds_session=${await createSessionFor(deps, id)}`;
	return createApp(deps).request(path, { headers: { cookie } });
}

describe('annual report endpoint', () => {
	it('Server and browser produce identical figures for the demo year', async () => {
		for (const [year, tz] of [
			[2026, 'UTC'],
			[2026, 'America/Toronto'],
			// The demo year's first weeks fall in the previous year, which has no policy.
			[2025, 'Europe/Paris']
		] as const) {
			const res = await get(`/api/reports/annual?year=${year}&tz=${tz}`, 'u-director');
			expect(res.status).toBe(200);
			const server = (await res.json()) as AnnualFigures;
			const browser = computeAnnualReport(annualInputFromDocuments(browserDocs(), year, NOW, tz));
			expect(server).toEqual(browser);
		}
		// Not vacuous: the demo year has activity in every item.
		const r = computeAnnualReport(
			annualInputFromDocuments(browserDocs(), 2026, NOW, 'America/Toronto')
		);
		expect(r.totalSubmissions).toBeGreaterThan(100);
		expect(r.policy).not.toBeNull();
		expect(r.radiologists).toBeGreaterThan(15);
		expect(r.attendance!.met).toBeGreaterThan(0);
		expect(r.submissions!.met).toBeGreaterThan(0);
		expect(r.divisions).toHaveLength(7);
		expect(r.divisionTotals.offered).toBeGreaterThan(40);
		expect(r.divisionTotals.casesPresented).toBeGreaterThan(r.divisionTotals.offered);
		expect(r.qi.length).toBeGreaterThan(0);
		expect(r.iq.totals.assigned).toBeGreaterThan(100);
	});

	it('answers the director, administrative support and leadership viewers only', async () => {
		for (const who of ['u-director', 'u-support', 'u-leader'])
			expect((await get('/api/reports/annual?year=2026', who)).status, who).toBe(200);
		for (const roles of [
			['radiologist'],
			['section_chief', 'radiologist'],
			['modality_quality_lead', 'technologist'],
			['system_admin'],
			['technologist']
		] as Role[][])
			expect((await get('/api/reports/annual?year=2026', roles)).status, roles.join()).toBe(403);
		expect((await createApp(deps).request('/api/reports/annual?year=2026')).status).toBe(401);
	});

	it('refuses a bad query with a clear message and computes nothing', async () => {
		for (const [query, message] of [
			['', /year/],
			['?year=twenty', /year/],
			['?year=1999', /2000 to 2100/],
			['?year=2026.5', /year/],
			['?year=2027', /2027 has not started yet/],
			['?year=2026&tz=Mars/Olympus', /Unknown time zone/]
		] as const) {
			const res = await get(`/api/reports/annual${query}`, 'u-leader');
			expect(res.status, query).toBe(400);
			expect(((await res.json()) as { message: string }).message).toMatch(message);
		}
	});
});

describe('OPPE participation export', () => {
	it('is for the director only', async () => {
		expect((await get('/api/reports/oppe?year=2026', 'u-director')).status).toBe(200);
		for (const who of ['u-support', 'u-leader', 'u-chief-chest', 'u-rad1', 'u-admin'])
			expect((await get('/api/reports/oppe?year=2026', who)).status, who).toBe(403);
		const bad = await get('/api/reports/oppe?year=2026&format=xml', 'u-director');
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { message: string }).message).toMatch(/csv or json/);
	});

	it('gives per radiologist per month the submissions and conferences attended, as the browser does', async () => {
		const res = await get('/api/reports/oppe?year=2026&tz=UTC', 'u-director');
		expect(res.headers.get('content-type')).toMatch(/text\/csv/);
		expect(res.headers.get('content-disposition')).toMatch(/oppe-participation-2026\.csv/);
		const csv = await res.text();
		const parsed = Papa.parse<Record<string, string>>(csv, { header: true });
		expect(parsed.meta.fields).toEqual([
			'radiologist',
			'email',
			'month',
			'submissions',
			'conferences_attended'
		]);
		const browser = oppeRecords(
			computeOppe(oppeInputFromDocuments(browserDocs(), 2026, NOW, 'UTC'))
		);
		expect(parsed.data).toEqual(
			browser.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])))
		);
		// Eleven months of 2026 for each radiologist, with real counts in them.
		expect(new Set(parsed.data.map((r) => r.month)).size).toBe(11);
		expect(parsed.data.some((r) => Number(r.submissions) > 0)).toBe(true);
		expect(parsed.data.some((r) => Number(r.conferences_attended) > 0)).toBe(true);

		const json = (await (
			await get('/api/reports/oppe?year=2026&tz=UTC&format=json', 'u-director')
		).json()) as {
			rows: unknown[];
		};
		expect(json.rows).toEqual(browser);
	});
});

describe('sequestering', () => {
	/** Every piece of learning content in the demo data, and every accession number. */
	function learningContent(): string[] {
		const out = new Set<string>();
		const add = (v: unknown) => {
			if (typeof v === 'string' && v.trim().length >= 6) out.add(v.trim());
		};
		for (const { collection, doc } of demo.docs) {
			const d = doc as Record<string, unknown>;
			if (collection === 'submissions') {
				const triage = d.triage as Record<string, unknown>;
				for (const k of ['accession', 'description', 'teachingPoint', 'reason', 'discrepancyType'])
					add(d[k]);
				add(triage.notes);
				add(triage.findingType);
			}
			if (collection === 'feedback') {
				add(d.message);
				add(d.reply);
			}
			if (collection === 'cases')
				for (const k of [
					'title',
					'history',
					'findings',
					'discussion',
					'teachingPoints',
					'speakerNotes'
				])
					add(d[k]);
			if (collection === 'conferences') add(d.keyLearnings);
			if (collection === 'iq_reviews')
				for (const k of [
					'accession',
					'comment',
					'attentionReason',
					'declineReason',
					'examDescription'
				])
					add(d[k]);
			if (collection === 'exams') add(d.accession);
			if (collection === 'attendance') add(d.reason);
		}
		return [...out];
	}

	it('gives leadership viewers and the OPPE export no learning content, and names nobody in the report', async () => {
		const content = learningContent();
		expect(content.length).toBeGreaterThan(200);
		const annual = await (await get('/api/reports/annual?year=2026', 'u-leader')).text();
		const oppeCsv = await (await get('/api/reports/oppe?year=2026', 'u-director')).text();
		const oppeJson = await (
			await get('/api/reports/oppe?year=2026&format=json', 'u-director')
		).text();
		for (const [what, text] of [
			['annual', annual],
			['oppe csv', oppeCsv],
			['oppe json', oppeJson]
		] as const)
			for (const c of content) expect(text.includes(c), `${what} contains “${c}”`).toBe(false);
		for (const p of demo.people) {
			expect(annual).not.toContain(p.id);
			expect(annual).not.toContain(p.name);
			expect(annual).not.toContain(p.email);
		}
	});
});
