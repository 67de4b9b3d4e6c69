import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readersOf } from '@rounds/shared/sync/access';
import type { Person } from '@rounds/shared/identity/identity.schema';
import { examFactory, siteFactory } from '@rounds/shared/testing/factories';
import { createApp } from '../../app.ts';
import { createSessionFor } from '../identity/session.repository.ts';
import { insertDocument } from '../sync/documents.repository.ts';
import { createTestPerson, makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';
import { examIdFor } from './exam-import.ts';
import { MAX_CSV_BYTES } from './exams.routes.ts';

const HEADER =
	'accession,modality,exam date and time,site,performing technologist,reading radiologist,exam description';
const GOOD = [
	HEADER,
	'LG26000001,CT,2026-03-01 08:30,Lakeshore General,Ana Ruiz,Dr Omar Haddad,CT chest',
	'LG26000002,US,2026-03-01T09:15:00Z,site-lg,lea@example.test,,US abdomen',
	'LG26000003,DX,2026-02-28 17:05,Lakeshore General,,omar@example.test,Chest PA and lateral'
].join('\n');

let deps: TestDeps;
let app: ReturnType<typeof createApp>;
let admin: Person;
beforeEach(async () => {
	deps = await makeTestDeps();
	app = createApp(deps);
	const site = siteFactory({ id: 'site-lg' });
	await insertDocument(deps.db, 'settings', site, false, readersOf('settings', site));
	admin = await createTestPerson(deps, { roles: ['admin_support'] });
	await createTestPerson(deps, { name: 'Ana Ruiz', roles: ['technologist'] });
	await createTestPerson(deps, {
		name: 'Léa Roy',
		email: 'lea@example.test',
		roles: ['sonographer']
	});
	await createTestPerson(deps, {
		name: 'Dr Omar Haddad',
		email: 'omar@example.test',
		roles: ['radiologist']
	});
});
afterEach(() => deps.close());

async function as(person: Person) {
	const cookie = `rounds_session=${await createSessionFor(deps, person.id)}`;
	return (path: string, body: string | object) =>
		app.request(`/api/exams${path}`, {
			method: 'POST',
			headers: {
				cookie,
				origin: 'http://localhost',
				'content-type': typeof body === 'string' ? 'text/csv' : 'application/json'
			},
			body: typeof body === 'string' ? body : JSON.stringify(body)
		});
}

const storedExams = async () =>
	(
		await deps.db.query<{ id: string; data: Record<string, unknown> }>(
			`select id, data from documents where collection = 'exams' order by id`
		)
	).rows;

describe('CSV worklist import', () => {
	it('previews without storing, then commits once; the same file again changes nothing', async () => {
		const post = await as(admin);
		const preview = await post('/import/preview', GOOD);
		expect(preview.status).toBe(200);
		const report = await preview.json();
		expect(report.issues).toEqual([]);
		expect(report.counts).toEqual({ rows: 3, new: 3, updated: 0, unchanged: 0, errors: 0 });
		expect(report.rows[0]).toMatchObject({
			row: 2,
			site: 'Lakeshore General',
			performer: 'Ana Ruiz',
			reader: 'Dr Omar Haddad',
			status: 'new'
		});
		expect(await storedExams()).toEqual([]);

		const first = await post('/import/commit', { csv: GOOD });
		expect(first.status).toBe(200);
		expect(await first.json()).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
		const stored = await storedExams();
		expect(stored.map((r) => r.id).sort()).toEqual(
			['LG26000001', 'LG26000002', 'LG26000003'].map((a) => examIdFor('site-lg', a)).sort()
		);
		expect(stored.find((r) => r.data.accession === 'LG26000003')!.data).toMatchObject({
			modality: 'XR',
			performerId: null,
			description: 'Chest PA and lateral'
		});

		deps.clock.advance(3600_000);
		const again = await post('/import/commit', GOOD);
		expect(await again.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
		expect(await storedExams()).toEqual(stored);

		const edited = GOOD.replace('CT chest', 'CT chest with contrast');
		const third = await (await post('/import/commit', edited)).json();
		expect(third).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });

		const log = await deps.db.query<{ outcome: string; detail: { inserted: number } }>(
			`select outcome, detail from audit_log where action = 'exams.import' order by id`
		);
		expect(log.rows.map((r) => [r.outcome, r.detail.inserted])).toEqual([
			['ok', 3],
			['ok', 0],
			['ok', 0]
		]);
	});

	it('keeps the id of an exam already stored under the same site and accession', async () => {
		const seeded = examFactory({ id: 'exam-demo-1', accession: 'LG26000001', modality: 'CT' });
		await insertDocument(deps.db, 'exams', seeded, false, readersOf('exams', seeded));
		const res = await (await as(admin))('/import/commit', GOOD);
		expect(await res.json()).toMatchObject({ inserted: 2, updated: 1 });
		expect((await storedExams()).map((r) => r.id)).toContain('exam-demo-1');
	});

	it('stores nothing when any row is wrong, and says which row and column', async () => {
		const post = await as(admin);
		const bad = [
			GOOD,
			'LG26000004,PET,2026-03-01 10:00,Lakeshore General,,,x',
			'LG26000001,CT,2026-03-01 08:30,Lakeshore General,,,duplicate',
			'LG26000005,CT,2026-03-01 10:00,Lakeshore General,Nobody Known,,x',
			'RM26000006,CT,31/02/2026,Lakeshore General,,,x'
		].join('\n');
		const res = await post('/import/commit', bad);
		expect(res.status).toBe(422);
		const body = await res.json();
		expect(body.message).toMatch(/Nothing was imported: 5 problems/);
		expect(
			body.details.issues.map((i: { row: number; column: string; code: string }) => [
				i.row,
				i.column,
				i.code
			])
		).toEqual([
			[5, 'modality', 'unknown-modality'],
			[6, 'accession', 'duplicate-accession'],
			[7, 'performer', 'unknown-person'],
			[8, 'performedAt', 'bad-date'],
			[8, 'accession', 'accession-pattern']
		]);
		expect(body.details.counts).toMatchObject({ rows: 7, errors: 4 });
		expect(await storedExams()).toEqual([]);

		const broken = await post('/import/commit', `${HEADER}\nLG26000001,"CT,x\n`);
		expect(broken.status).toBe(422);
		expect((await broken.json()).details.issues[0].code).toBe('csv-syntax');
		const missing = await post('/import/commit', 'accession,modality\nLG26000001,CT\n');
		expect((await missing.json()).details.issues[0].code).toBe('missing-column');
		expect(await storedExams()).toEqual([]);
		const log = await deps.db.query(
			`select 1 from audit_log where action = 'exams.import' and outcome = 'rejected'`
		);
		expect(log.rowCount).toBe(3);
	});

	it('refuses files over the size limit with a clear message', async () => {
		const res = await (await as(admin))('/import/preview', 'x'.repeat(MAX_CSV_BYTES + 1));
		expect(res.status).toBe(413);
		expect((await res.json()).message).toMatch(/larger than 5 MB/);
	});

	it('lets only importers import, and quality leads only their modalities', async () => {
		const tech = await createTestPerson(deps, { roles: ['technologist'] });
		expect((await (await as(tech))('/import/preview', GOOD)).status).toBe(403);
		expect((await app.request('/api/exams/import/preview', { method: 'POST' })).status).toBe(401);
		const usLead = await createTestPerson(deps, {
			roles: ['modality_quality_lead', 'sonographer'],
			leadOfModalities: ['US']
		});
		const res = await (await as(usLead))('/import/commit', GOOD);
		expect(res.status).toBe(422);
		const issues = (await res.json()).details.issues;
		expect(issues.map((i: { row: number; code: string }) => [i.row, i.code])).toEqual([
			[2, 'modality-not-allowed'],
			[4, 'modality-not-allowed']
		]);
		const usOnly = [HEADER, GOOD.split('\n')[2]].join('\n');
		expect((await (await as(usLead))('/import/commit', usOnly)).status).toBe(200);
		const director = await createTestPerson(deps, { roles: ['peer_learning_director'] });
		expect((await (await as(director))('/import/preview', GOOD)).status).toBe(200);
	});
});

describe('DICOMweb import, without a PACS', () => {
	it('says clearly when no PACS is configured', async () => {
		const post = await as(admin);
		const res = await post('/dicomweb/preview', {
			from: '2026-03-01',
			to: '2026-03-02',
			modalities: ['CT']
		});
		expect(res.status).toBe(503);
		expect((await res.json()).message).toMatch(/No PACS is configured/);
	});
});
