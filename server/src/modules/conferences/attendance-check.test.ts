import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { collections } from '@rounds/shared/sync/registry';
import { SCHEMA_VERSION_HEADER } from '@rounds/shared/sync/protocol';
import type { Person } from '@rounds/shared/identity/identity.schema';
import {
	attendanceId,
	type Attendance,
	type Conference
} from '@rounds/shared/conferences/conference.schema';
import {
	REPLAY_HORIZON_MS,
	conferenceKeyDocument,
	issueToken
} from '@rounds/shared/conferences/checkin-token';
import { readersOf } from '@rounds/shared/sync/access';
import { personFactory } from '@rounds/shared/testing/factories';
import type { AppEnv } from '../../app-env.ts';
import { makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';
import { allDocuments, insertDocument } from '../sync/documents.repository.ts';
import { replicationRoutes } from '../sync/replication.routes.ts';
import { conferenceRoutes } from './conferences.routes.ts';

const lead = personFactory({ id: 'p-lead', roles: ['radiologist', 'section_chief'] });
const ana = personFactory({ id: 'p-ana' });
const ben = personFactory({ id: 'p-ben' });
const support = personFactory({ id: 'p-support', roles: ['admin_support'] });
const people = [lead, ana, ben, support];

const T0 = '2026-03-02T09:00:00.000Z';
const conference = (over: Partial<Conference> = {}): Conference => ({
	id: 'conf-chest',
	createdAt: T0,
	updatedAt: T0,
	kind: 'section',
	title: 'Chest rounds',
	sectionId: 'sec-chest',
	modality: '',
	mode: 'in-person',
	startsAt: '2026-03-02T12:00:00.000Z',
	endsAt: '2026-03-02T13:00:00.000Z',
	location: 'Room 2',
	meetingUrl: '',
	facilitatorIds: [lead.id],
	cmeCredits: 1,
	seriesId: '',
	status: 'scheduled',
	caseIds: [],
	keyLearnings: '',
	publishedAt: null,
	...over
});
const chest = conference();
const neuro = conference({ id: 'conf-neuro', title: 'Neuro rounds', facilitatorIds: [] });
const chestKey = conferenceKeyDocument(chest, T0);
const neuroKey = conferenceKeyDocument(neuro, T0);

/** 12:15:00 on the presenter's laptop; the attendee scans 3 s later. */
const SHOWN = new Date('2026-03-02T12:15:00.000Z');
const SCANNED = new Date(SHOWN.getTime() + 3_000);

let deps: TestDeps;
let app: Hono<AppEnv>;
beforeEach(async () => {
	deps = await makeTestDeps();
	deps.clock.now = new Date(SCANNED.getTime() + 1_000);
	app = new Hono<AppEnv>()
		.use(async (c, next) => {
			c.set('user', people.find((p) => p.id === c.req.header('x-test-user')) ?? null);
			await next();
		})
		.route('/api/replication', replicationRoutes(deps));
	await deps.db.transaction(async (tx) => {
		for (const p of people) await insertDocument(tx, 'people', p, false, ['all']);
		for (const c of [chest, neuro]) await insertDocument(tx, 'conferences', c, false, ['all']);
		for (const k of [chestKey, neuroKey])
			await insertDocument(tx, 'settings', k, false, readersOf('settings', k));
	});
});
afterEach(() => deps.close());

async function checkIn(
	who: Person,
	over: Partial<Attendance> & { token?: string } = {},
	scanned = SCANNED
): Promise<Attendance> {
	const conferenceId = over.conferenceId ?? chest.id;
	const userId = over.userId ?? who.id;
	return {
		id: attendanceId(conferenceId, userId),
		createdAt: scanned.toISOString(),
		updatedAt: scanned.toISOString(),
		conferenceId,
		userId,
		method: 'qr',
		token: await issueToken(chestKey.data.secret, chest.id, SHOWN),
		reason: '',
		recordedById: who.id,
		...over
	};
}

function push(user: Person, next: Attendance, prev: Attendance | null = null) {
	return app.request('/api/replication/attendance/push', {
		method: 'POST',
		headers: {
			'x-test-user': user.id,
			'content-type': 'application/json',
			[SCHEMA_VERSION_HEADER]: `attendance@${collections.attendance.version}`
		},
		body: JSON.stringify([
			{
				assumedMasterState: prev ? { ...prev, _deleted: false } : null,
				newDocumentState: { ...next, _deleted: false }
			}
		])
	});
}
const stored = () => allDocuments<Attendance>(deps.db, 'attendance');
async function refused(res: Response, status: number, message: string) {
	expect(res.status).toBe(status);
	expect((await res.json()).message).toContain(message);
	expect(await stored()).toEqual([]);
}

describe('QR check-in verified at sync', () => {
	it('stores a check-in scanned in the window, signed with the conference key', async () => {
		const doc = await checkIn(ana);
		const res = await push(ana, doc);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual([]);
		expect(await stored()).toEqual([doc]);
	});

	it('accepts an offline check-in synced hours later, judged by the scan time', async () => {
		deps.clock.advance(20 * 3600_000);
		expect((await push(ana, await checkIn(ana))).status).toBe(200);
		expect(await stored()).toHaveLength(1);
	});

	it('refuses an expired code with a message saying to scan again', async () => {
		const late = new Date(SHOWN.getTime() + 5 * 60_000);
		await refused(
			await push(ana, await checkIn(ana, {}, late)),
			422,
			'This check-in code has expired: scan the code on the screen again'
		);
	});

	it('refuses a code scanned outside the conference time', async () => {
		const tomorrow = new Date(SHOWN.getTime() + 86_400_000);
		const token = await issueToken(chestKey.data.secret, chest.id, tomorrow);
		await refused(await push(ana, await checkIn(ana, { token }, tomorrow)), 422, 'has expired');
	});

	it('refuses a forged code', async () => {
		const token = await issueToken(neuroKey.data.secret, chest.id, SHOWN);
		await refused(await push(ana, await checkIn(ana, { token })), 422, 'This code is not valid');
		await refused(
			await push(ana, await checkIn(ana, { token: 'conf-chest.1.AAAAAAAAAAAAAAAA' })),
			422,
			'This code is not valid'
		);
	});

	it('refuses the code of another conference', async () => {
		const token = await issueToken(neuroKey.data.secret, neuro.id, SHOWN);
		await refused(
			await push(ana, await checkIn(ana, { token })),
			422,
			'This code is for another conference'
		);
	});

	it('refuses a kept code pushed long after it was shown', async () => {
		deps.clock.advance(REPLAY_HORIZON_MS + 60_000);
		await refused(await push(ana, await checkIn(ana)), 422, 'too long after it was shown');
	});

	it('refuses check-in to a cancelled conference', async () => {
		await deps.db.query(
			`update documents set data = jsonb_set(data, '{status}', '"cancelled"') where id = $1`,
			[chest.id]
		);
		await refused(await push(ana, await checkIn(ana)), 422, '“Chest rounds” was cancelled');
	});

	it('a second check-in of the same person is the same record and changes nothing', async () => {
		const first = await checkIn(ana);
		expect((await push(ana, first)).status).toBe(200);
		// The same push retried (a flaky network): nothing to do.
		const retried = await push(ana, first);
		expect(retried.status).toBe(200);
		expect(await retried.json()).toEqual([]);
		// A second scan a minute later from another device: the stored check-in wins.
		const again = new Date(SHOWN.getTime() + 60_000);
		const token = await issueToken(chestKey.data.secret, chest.id, again);
		const second = await push(ana, await checkIn(ana, { token }, again));
		expect(second.status).toBe(200);
		expect(await second.json()).toEqual([{ ...first, _deleted: false }]);
		expect(await stored()).toEqual([first]);
	});

	it('nobody checks someone else in by QR, not even admin support', async () => {
		await refused(await push(ana, await checkIn(ana, { userId: ben.id })), 403, '');
		await refused(
			await push(support, await checkIn(support, { userId: ben.id })),
			422,
			'record someone else’s attendance manually'
		);
		const doc = await checkIn(ana);
		await refused(
			await push(ana, { ...doc, id: 'att-made-up' }),
			422,
			'One check-in per person and conference'
		);
	});

	it('leaves manual attendance to the write rules', async () => {
		const manual: Attendance = {
			...(await checkIn(support, { userId: ben.id })),
			method: 'manual',
			token: '',
			reason: 'Signed the paper sheet'
		};
		expect((await push(support, manual)).status).toBe(200);
	});
});

describe('the presenter’s live count', () => {
	const count = (user: Person, id = chest.id) =>
		app.request(`/api/conferences/${id}/attendance-count`, { headers: { 'x-test-user': user.id } });

	it('counts the conference’s check-ins for its facilitators and organizers only', async () => {
		app.route('/api/conferences', conferenceRoutes(deps));
		expect((await push(ana, await checkIn(ana))).status).toBe(200);
		expect((await push(ben, await checkIn(ben))).status).toBe(200);
		const neuroToken = await issueToken(neuroKey.data.secret, neuro.id, SHOWN);
		expect(
			(await push(ana, await checkIn(ana, { conferenceId: neuro.id, token: neuroToken }))).status
		).toBe(200);
		for (const who of [lead, support]) {
			const res = await count(who);
			expect(res.status).toBe(200);
			expect(await res.json()).toEqual({ conferenceId: chest.id, count: 2 });
		}
		expect(await (await count(support, neuro.id)).json()).toMatchObject({ count: 1 });
		// The lead facilitates chest rounds only; attendees see no count.
		expect((await count(lead, neuro.id)).status).toBe(403);
		expect((await count(ana)).status).toBe(403);
		expect((await count(lead, 'conf-none')).status).toBe(404);
	});
});
