import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { collections } from '@rounds/shared/sync/registry';
import { SCHEMA_VERSION_HEADER } from '@rounds/shared/sync/protocol';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import { attendanceId, type Conference } from '@rounds/shared/conferences/conference.schema';
import { readersOf } from '@rounds/shared/sync/access';
import { personFactory } from '@rounds/shared/testing/factories';
import type { AppEnv } from '../../app-env.ts';
import { makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';
import { allDocuments, insertDocument } from './documents.repository.ts';
import { replicationRoutes } from './replication.routes.ts';

const chief = personFactory({
	id: 'p-chief',
	roles: ['radiologist', 'section_chief'],
	chiefOfSectionIds: ['sec-chest'],
	sectionIds: ['sec-chest']
});
const chestRad = personFactory({
	id: 'p-chest',
	roles: ['radiologist'],
	sectionIds: ['sec-chest']
});
const neuroRad = personFactory({
	id: 'p-neuro',
	roles: ['radiologist'],
	sectionIds: ['sec-neuro']
});
const visitor = personFactory({ id: 'p-visitor', roles: ['radiologist'], sectionIds: ['sec-msk'] });
const people = [chief, chestRad, neuroRad, visitor];

const conference: Conference = {
	id: 'conf-1',
	createdAt: '2026-03-01T09:00:00.000Z',
	updatedAt: '2026-03-01T09:00:00.000Z',
	kind: 'section',
	title: 'Chest rounds',
	sectionId: 'sec-chest',
	modality: '',
	mode: 'in-person',
	startsAt: '2026-03-02T12:00:00.000Z',
	endsAt: '2026-03-02T13:00:00.000Z',
	location: 'Room 4B',
	meetingUrl: '',
	facilitatorIds: [chief.id],
	cmeCredits: 1,
	seriesId: '',
	status: 'held',
	caseIds: [],
	keyLearnings: '',
	publishedAt: null
};

let deps: TestDeps;
let app: Hono<AppEnv>;
beforeEach(async () => {
	deps = await makeTestDeps();
	app = new Hono<AppEnv>()
		.use(async (c, next) => {
			c.set('user', people.find((p) => p.id === c.req.header('x-test-user')) ?? null);
			await next();
		})
		.route('/api/replication', replicationRoutes(deps));
	const visit = {
		id: attendanceId(conference.id, visitor.id),
		createdAt: conference.startsAt,
		updatedAt: conference.startsAt,
		conferenceId: conference.id,
		userId: visitor.id,
		method: 'manual' as const,
		token: '',
		reason: 'Signed the sheet',
		recordedById: chief.id
	};
	await deps.db.transaction(async (tx) => {
		for (const p of people) await insertDocument(tx, 'people', p, false, ['all']);
		await insertDocument(tx, 'conferences', conference, false, ['all']);
		await insertDocument(tx, 'attendance', visit, false, readersOf('attendance', visit));
	});
});
afterEach(() => deps.close());

function push(prev: Conference, next: Conference) {
	return app.request('/api/replication/conferences/push', {
		method: 'POST',
		headers: {
			'x-test-user': chief.id,
			'content-type': 'application/json',
			[SCHEMA_VERSION_HEADER]: `conferences@${collections.conferences.version}`
		},
		body: JSON.stringify([
			{
				assumedMasterState: { ...prev, _deleted: false },
				newDocumentState: { ...next, _deleted: false }
			}
		])
	});
}
const learnings = async () =>
	(await allDocuments<Notification>(deps.db, 'notifications')).filter(
		(n) => n.kind === 'key-learnings'
	);

describe('publishing key learnings', () => {
	it('notifies the section’s staff and every attendee, once per publication', async () => {
		const draft = {
			...conference,
			keyLearnings: 'Compare with priors before calling a nodule new.'
		};
		expect((await push(conference, draft)).status).toBe(200);
		expect(await learnings()).toEqual([]);

		const published = { ...draft, publishedAt: '2026-03-02T14:00:00.000Z' };
		expect((await push(draft, published)).status).toBe(200);
		const sent = await learnings();
		expect(sent.map((n) => n.userId).sort()).toEqual([chestRad.id, chief.id, visitor.id].sort());
		expect(sent[0]!.body).toBe('Compare with priors before calling a nodule new.');
		expect(sent[0]!.link).toBe('/conferences/conf-1');

		// An edit that is not a new publication sends nothing more; a republication does.
		const typo = { ...published, title: 'Chest rounds (March)' };
		expect((await push(published, typo)).status).toBe(200);
		expect(await learnings()).toHaveLength(3);
		const again = { ...typo, keyLearnings: 'Updated.', publishedAt: '2026-03-03T09:00:00.000Z' };
		expect((await push(typo, again)).status).toBe(200);
		expect(await learnings()).toHaveLength(6);
	});
});
