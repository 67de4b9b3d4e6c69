import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Attendance, Conference } from '@rounds/shared/conferences/conference.schema';
import type { Person, Role } from '@rounds/shared/identity/identity.schema';
import type { Settings } from '@rounds/shared/org/settings.schema';
import type { Dashboards } from '@rounds/shared/reports/dashboards';
import { emptyTriage } from '@rounds/shared/submissions/submission.schema';
import { readersOf } from '@rounds/shared/sync/access';
import { submissionFactory } from '@rounds/shared/testing/factories';
import { createApp } from '../../app.ts';
import { createSessionFor } from '../identity/session.repository.ts';
import { insertDocument } from '../sync/documents.repository.ts';
import { createTestPerson, makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';

const T = '2026-01-05T00:00:00.000Z';
const DESCRIPTION = 'Missed 4 mm nodule right upper lobe on CT of 2026-02-03';
const TEACHING = 'Always window the lung apices';
const ACCESSION = 'LG26009876';

let deps: TestDeps;
let rad: Person;
beforeEach(async () => {
	deps = await makeTestDeps();
	rad = await createTestPerson(deps, {
		name: 'Rosalind Radiologist-Secret',
		email: 'rosalind@example.org',
		roles: ['radiologist'],
		createdAt: '2020-01-01T00:00:00.000Z'
	});
	const section: Settings = {
		id: 'sec-chest',
		createdAt: T,
		updatedAt: T,
		kind: 'section',
		name: 'Chest',
		active: true,
		data: { code: 'CH', modalities: ['CT'] }
	};
	const conference: Conference = {
		id: 'conf-1',
		createdAt: T,
		updatedAt: T,
		kind: 'section',
		title: 'Chest rounds',
		sectionId: 'sec-chest',
		modality: '',
		mode: 'in-person',
		startsAt: '2026-02-10T17:00:00.000Z',
		endsAt: '2026-02-10T18:00:00.000Z',
		location: 'Room 4',
		meetingUrl: '',
		facilitatorIds: [],
		cmeCredits: 1,
		seriesId: '',
		status: 'held',
		caseIds: [],
		keyLearnings: 'Key learning text that stays in the conference record',
		publishedAt: null
	};
	const attendance: Attendance = {
		id: 'att-1',
		createdAt: T,
		updatedAt: T,
		conferenceId: 'conf-1',
		userId: rad.id,
		method: 'manual',
		token: '',
		reason: 'Signed the sheet',
		recordedById: rad.id
	};
	const subs = [
		submissionFactory({
			submitterId: rad.id,
			accession: ACCESSION,
			description: DESCRIPTION,
			teachingPoint: TEACHING,
			submittedAt: '2026-02-03T15:00:00.000Z',
			triage: { ...emptyTriage(), qiInitiativeId: 'qi-apices', notes: 'Chief notes here' }
		}),
		submissionFactory({
			submitterId: rad.id,
			reason: 'great-call',
			discrepancyType: null,
			submittedAt: '2026-01-15T15:00:00.000Z'
		}),
		submissionFactory({ submitterId: rad.id, status: 'draft', submittedAt: null })
	];
	await deps.db.transaction(async (tx) => {
		await insertDocument(tx, 'people', rad, false, ['all']);
		await insertDocument(tx, 'settings', section, false, readersOf('settings', section));
		await insertDocument(tx, 'conferences', conference, false, ['all']);
		await insertDocument(tx, 'attendance', attendance, false, readersOf('attendance', attendance));
		for (const s of subs)
			await insertDocument(tx, 'submissions', s, false, readersOf('submissions', s));
	});
});
afterEach(() => deps.close());

async function as(roles: Role[], query: string) {
	const p = await createTestPerson(deps, { roles });
	const cookie = `rounds_session=${await createSessionFor(deps, p.id)}`;
	return createApp(deps).request(`/api/dashboards${query}`, { headers: { cookie } });
}
const YEAR = '?from=2026-01-01&to=2026-12-31&tz=America/Toronto';

describe('dashboards endpoint', () => {
	it('gives leadership viewers the aggregates', async () => {
		const res = await as(['leadership_viewer'], YEAR);
		expect(res.status).toBe(200);
		const d = (await res.json()) as Dashboards;
		expect(d.asOf).toBe('2026-03-02');
		expect(d.submissions.total).toBe(2);
		expect(d.submissions.byMonth.slice(0, 3)).toEqual([1, 1, 0]);
		expect(d.submissions.bySection).toEqual([
			{ key: 'sec-chest', name: 'Chest', total: 2, byMonth: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }
		]);
		expect(d.attendance).toEqual([
			{
				conferenceId: 'conf-1',
				title: 'Chest rounds',
				kind: 'section',
				sectionId: 'sec-chest',
				startsAt: '2026-02-10T17:00:00.000Z',
				attendees: 1
			}
		]);
		expect(d.offered[0]).toMatchObject({ key: 'sec-chest', offered: 1, target: null });
		expect(d.targets).toMatchObject({ policy: false, radiologists: 1 });
		expect(d.qiLinked).toEqual([{ initiativeId: 'qi-apices', submissions: 1 }]);
	});

	it('carries no learning content and nobody’s identity', async () => {
		const text = await (await as(['leadership_viewer'], YEAR)).text();
		for (const secret of [
			DESCRIPTION,
			TEACHING,
			ACCESSION,
			'Chief notes here',
			'Key learning text',
			'Signed the sheet',
			rad.id,
			rad.name,
			rad.email,
			'description',
			'teachingPoint',
			'accession',
			'submitterId'
		])
			expect(text, secret).not.toContain(secret);
	});

	it('is for leaders only, and refuses bad ranges clearly', async () => {
		expect((await as(['radiologist'], YEAR)).status).toBe(403);
		expect((await as(['technologist'], YEAR)).status).toBe(403);
		expect((await createApp(deps).request(`/api/dashboards${YEAR}`)).status).toBe(401);
		const across = await as(['leadership_viewer'], '?from=2025-06-01&to=2026-05-31');
		expect(across.status).toBe(400);
		expect(await across.json()).toMatchObject({
			message: 'Ask for one calendar year (or part of one) at a time'
		});
		expect((await as(['leadership_viewer'], '?from=2026-02-01&to=2026-01-01')).status).toBe(400);
		expect((await as(['leadership_viewer'], '?from=2026-13-01&to=2026-12-31')).status).toBe(400);
		expect((await as(['leadership_viewer'], `${YEAR}x`)).status).toBe(400);
		for (const roles of [['peer_learning_director'], ['section_chief']] as Role[][])
			expect((await as(roles, YEAR)).status).toBe(200);
	});
});
