import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { Person } from '@rounds/shared/identity/identity.schema';
import { readersOf } from '@rounds/shared/sync/access';
import { siteFactory } from '@rounds/shared/testing/factories';
import { createApp } from '../../app.ts';
import { createSessionFor } from '../identity/session.repository.ts';
import { insertDocument } from '../sync/documents.repository.ts';
import { createTestPerson, makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';
import { examIdFor } from './exam-import.ts';
import { syntheticDicom } from './testing/synthetic-dicom.ts';
import {
	DICOMWEB_PLUGIN,
	ORTHANC_BIN,
	startOrthanc,
	type RunningOrthanc
} from './testing/orthanc.ts';

/**
 * The DICOMweb import against a real Orthanc (Debian's `orthanc` + `orthanc-dicomweb`), loaded
 * with synthetic studies this test writes. Skipped where Orthanc is not installed, except in CI,
 * where its absence is a failure (.ci/run installs it).
 */
const installed = Boolean(ORTHANC_BIN && DICOMWEB_PLUGIN);
if (!installed && process.env.CI)
	throw new Error('Orthanc and orthanc-dicomweb must be installed in CI (see .ci/run)');

describe.skipIf(!installed)('DICOMweb import from Orthanc', () => {
	let orthanc: RunningOrthanc;
	beforeAll(async () => {
		orthanc = await startOrthanc();
		const study = {
			institution: 'Lakeshore General',
			readers: ['Haddad^Omar^^Dr']
		};
		// In range: a CT and a radiograph (DX, filed as XR), names as RIS systems write them.
		await orthanc.upload(
			syntheticDicom({
				...study,
				accession: 'LG26000101',
				modality: 'CT',
				studyDate: '20260301',
				studyTime: '083000',
				description: 'CT chest with contrast',
				operators: ['Ruiz^Ana']
			})
		);
		await orthanc.upload(
			syntheticDicom({
				...study,
				accession: 'LG26000102',
				modality: 'DX',
				studyDate: '20260302',
				studyTime: '141500.250',
				description: 'Chest PA and lateral',
				operators: ['Roy^Léa']
			})
		);
		// Out of range, and of a modality not asked for.
		await orthanc.upload(
			syntheticDicom({
				...study,
				accession: 'LG26000103',
				modality: 'CT',
				studyDate: '20260215',
				studyTime: '100000',
				description: 'CT head',
				operators: ['Ruiz^Ana']
			})
		);
		await orthanc.upload(
			syntheticDicom({
				...study,
				accession: 'LG26000104',
				modality: 'MR',
				studyDate: '20260301',
				studyTime: '100000',
				description: 'MR knee',
				operators: ['Ruiz^Ana']
			})
		);
		// A week later: a study whose people and site are not in the directory.
		await orthanc.upload(
			syntheticDicom({
				accession: 'EV26000105',
				modality: 'CT',
				studyDate: '20260309',
				studyTime: '100000',
				description: 'CT abdomen',
				institution: 'Eastview Community Imaging',
				operators: ['Nobody^Known'],
				readers: ['Haddad^Omar^^Dr']
			})
		);
	}, 60_000);
	afterAll(() => orthanc?.stop());

	let deps: TestDeps;
	let admin: Person;
	beforeEach(async () => {
		deps = await makeTestDeps({ dicomwebUrl: orthanc.dicomweb });
		deps.clock.now = new Date('2026-03-20T12:00:00Z');
		const site = siteFactory({ id: 'site-lg' });
		await insertDocument(deps.db, 'settings', site, false, readersOf('settings', site));
		admin = await createTestPerson(deps, { roles: ['system_admin'] });
		await createTestPerson(deps, { id: 'p-ana', name: 'Ana Ruiz', roles: ['technologist'] });
		await createTestPerson(deps, { id: 'p-lea', name: 'Léa Roy', roles: ['technologist'] });
		await createTestPerson(deps, { id: 'p-omar', name: 'Dr Omar Haddad', roles: ['radiologist'] });
	});
	afterEach(() => deps.close());

	const post = async (path: string, body: object) => {
		const cookie = `rounds_session=${await createSessionFor(deps, admin.id)}`;
		return createApp(deps).request(`/api/exams/dicomweb/${path}`, {
			method: 'POST',
			headers: { cookie, origin: 'http://localhost', 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	};
	const march1to2 = { from: '2026-03-01', to: '2026-03-02', modalities: ['CT', 'XR'] };
	const exams = async () =>
		(
			await deps.db.query<{ id: string; data: Record<string, unknown> }>(
				`select id, data from documents where collection = 'exams' order by data->>'accession'`
			)
		).rows;

	it('previews the studies in range, mapping attributes to exams and names to people', async () => {
		const res = await post('preview', march1to2);
		expect(res.status).toBe(200);
		const report = await res.json();
		expect(report.issues).toEqual([]);
		expect(report.rows).toEqual([
			{
				row: 1,
				accession: 'LG26000101',
				modality: 'CT',
				site: 'Lakeshore General',
				performedAt: new Date(2026, 2, 1, 8, 30).toISOString(),
				performer: 'Ana Ruiz',
				reader: 'Dr Omar Haddad',
				description: 'CT chest with contrast',
				status: 'new'
			},
			{
				row: 2,
				accession: 'LG26000102',
				modality: 'XR',
				site: 'Lakeshore General',
				performedAt: new Date(2026, 2, 2, 14, 15).toISOString(),
				performer: 'Léa Roy',
				reader: 'Dr Omar Haddad',
				description: 'Chest PA and lateral',
				status: 'new'
			}
		]);
		expect(await exams()).toEqual([]);
	});

	it('commits them once; the same query again changes nothing', async () => {
		const first = await post('commit', march1to2);
		expect(first.status).toBe(200);
		expect(await first.json()).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
		const stored = await exams();
		expect(stored.map((r) => [r.id, r.data.performerId, r.data.readerId])).toEqual([
			[examIdFor('site-lg', 'LG26000101'), 'p-ana', 'p-omar'],
			[examIdFor('site-lg', 'LG26000102'), 'p-lea', 'p-omar']
		]);
		deps.clock.advance(60_000);
		expect(await (await post('commit', march1to2)).json()).toMatchObject({
			inserted: 0,
			unchanged: 2
		});
		expect(await exams()).toEqual(stored);
	});

	it('reports unknown people and sites instead of guessing, and stores nothing', async () => {
		const res = await post('commit', { from: '2026-03-01', to: '2026-03-10', modalities: ['CT'] });
		expect(res.status).toBe(422);
		const { details } = await res.json();
		expect(
			details.issues.map((i: { row: number; column: string; code: string }) => [
				i.row,
				i.column,
				i.code
			])
		).toEqual([
			[2, 'site', 'unknown-site'],
			[2, 'performer', 'unknown-person']
		]);
		expect(details.rows.map((r: { accession: string }) => r.accession)).toEqual([
			'LG26000101',
			'EV26000105'
		]);
		expect(await exams()).toEqual([]);
	});
});
