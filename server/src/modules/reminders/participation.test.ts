import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { Conference } from '@rounds/shared/conferences/conference.schema';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import type { Settings } from '@rounds/shared/org/settings.schema';
import type { TargetPolicy } from '@rounds/shared/reports/targets';
import { readersOf } from '@rounds/shared/sync/access';
import { personFactory, submissionFactory } from '@rounds/shared/testing/factories';
import { createApp } from '../../app.ts';
import { createSessionFor } from '../identity/session.repository.ts';
import { deliverDueEmails } from '../notifications/mail.ts';
import { insertDocument } from '../sync/documents.repository.ts';
import { makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';
import {
	sendConferenceReminders,
	sendMidPeriodReminders,
	sendParticipationReminders
} from './participation.ts';

/** A local SMTP server that accepts, or refuses while `refuse()` says so, recording what it got. */
function startSmtp(refuse: () => boolean) {
	const received: string[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, _session, cb) {
			let text = '';
			stream.on('data', (c: Buffer) => (text += c.toString()));
			stream.on('end', () => {
				if (refuse()) return cb(new Error('451 mailbox busy, try again later'));
				received.push(text);
				cb();
			});
		}
	});
	return new Promise<{ url: string; received: string[]; close: () => Promise<void> }>((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const port = (server.server.address() as AddressInfo).port;
			resolve({
				url: `smtp://127.0.0.1:${port}`,
				received,
				close: () => new Promise((r) => server.close(() => r()))
			});
		});
	});
}

const policy: TargetPolicy = {
	year: 2026,
	version: 1,
	editedById: '',
	note: '',
	supersededAt: null,
	attendance: {
		total: { minimum: 3, encouraged: null },
		department: { minimum: 0, encouraged: null },
		subspecialty: { minimum: 0, encouraged: null }
	},
	submissions: { per: 'month', count: 2, prorateByFte: true },
	conferences: { total: 6, department: 0, perSection: 0, sections: [] },
	iqReviews: { perReviewer: 0, period: 'month' },
	reminders: { midPeriodDay: 15, upcomingConferences: true }
};
const policyDoc = (p: TargetPolicy): Settings => ({
	id: 'policy-2026',
	createdAt: '2026-01-01T00:00:00.000Z',
	updatedAt: '2026-01-01T00:00:00.000Z',
	kind: 'target-policy',
	name: 'Targets 2026',
	active: true,
	data: p
});

const old = '2020-01-01T00:00:00.000Z';
const full = personFactory({
	id: 'rad-full',
	email: 'full@example.test',
	roles: ['radiologist'],
	sectionIds: ['sec-chest'],
	createdAt: old
});
const half = personFactory({
	id: 'rad-half',
	email: 'half@example.test',
	roles: ['radiologist'],
	fte: 0.5,
	sectionIds: ['sec-neuro'],
	createdAt: old
});
const optedOut = personFactory({
	id: 'rad-quiet',
	email: 'quiet@example.test',
	roles: ['radiologist'],
	sectionIds: ['sec-chest'],
	createdAt: old
});
const tech = personFactory({
	id: 'tech',
	email: 'tech@example.test',
	roles: ['technologist'],
	sectionIds: []
});
const gone = personFactory({ id: 'rad-gone', roles: ['radiologist'], active: false });

const conference = (over: Partial<Conference>): Conference => ({
	id: 'conf-chest',
	createdAt: old,
	updatedAt: old,
	kind: 'section',
	title: 'Chest rounds',
	sectionId: 'sec-chest',
	modality: '',
	mode: 'hybrid',
	startsAt: '2026-03-17T17:00:00.000Z',
	endsAt: '2026-03-17T18:00:00.000Z',
	location: 'Room 2B',
	meetingUrl: '',
	facilitatorIds: ['rad-half'],
	cmeCredits: 1,
	seriesId: '',
	status: 'scheduled',
	caseIds: [],
	keyLearnings: '',
	publishedAt: null,
	...over
});

let deps: TestDeps;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let refusing = false;
let app: ReturnType<typeof createApp>;

async function put<T extends Record<string, unknown> & { id: string }>(
	collection: string,
	doc: T
): Promise<void> {
	await insertDocument(
		deps.db,
		collection,
		doc,
		false,
		readersOf(collection as never, doc as never)
	);
}

async function notifications(): Promise<Notification[]> {
	const r = await deps.db.query<{ data: Notification }>(
		`select data from documents where collection = 'notifications' order by id`
	);
	return r.rows.map((x) => x.data);
}

async function optOut(personId: string, body: unknown) {
	const cookie = `rounds_session=${await createSessionFor(deps, personId)}`;
	return app.request('/api/me/preferences', {
		method: 'PUT',
		headers: { cookie, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
}

beforeEach(async () => {
	refusing = false;
	smtp = await startSmtp(() => refusing);
	deps = await makeTestDeps({ smtpUrl: smtp.url });
	await deps.db.exec('truncate reminder_preferences');
	app = createApp(deps);
	for (const p of [full, half, optedOut, tech, gone]) await put('people', p);
	await put('settings', policyDoc(policy));
	// rad-full: one in March, one in February; a draft never counts. rad-half: none in March.
	await put(
		'submissions',
		submissionFactory({ id: 's1', submitterId: 'rad-full', submittedAt: '2026-03-03T10:00:00Z' })
	);
	await put(
		'submissions',
		submissionFactory({ id: 's2', submitterId: 'rad-full', submittedAt: '2026-02-20T10:00:00Z' })
	);
	await put(
		'submissions',
		submissionFactory({ id: 's3', submitterId: 'rad-half', status: 'draft', submittedAt: null })
	);
	expect(
		(await optOut('rad-quiet', { midPeriodReminders: false, conferenceReminders: false })).status
	).toBe(200);
});
afterEach(async () => {
	await deps.close();
	await smtp.close();
});

describe('mid-period reminder', () => {
	it('waits for the configured day, then reminds each radiologist once with their count', async () => {
		deps.clock.now = new Date('2026-03-14T12:00:00Z');
		expect(await sendMidPeriodReminders(deps)).toBe(0);
		deps.clock.now = new Date('2026-03-15T06:00:00Z');
		expect(await sendMidPeriodReminders(deps)).toBe(2);
		expect(await sendMidPeriodReminders(deps)).toBe(0);
		deps.clock.advance(3 * 86_400_000); // a later run in the same month: nothing new
		expect(await sendMidPeriodReminders(deps)).toBe(0);
		const got = await notifications();
		// Not the opted-out, inactive, or technologist: the two radiologists.
		expect(got.map((n) => [n.id, n.userId, n.kind, n.link])).toEqual([
			['n:mid:2026-03:rad-full', 'rad-full', 'reminder', '/progress'],
			['n:mid:2026-03:rad-half', 'rad-half', 'reminder', '/progress']
		]);
		// Full-time: 2 a month; 1 made. Half-time: 2 × 0.5 = 1; none made (the draft is not counted).
		expect(got[0]!.title).toBe(
			'Peer learning this month: 1 learning opportunity submitted (target 2)'
		);
		expect(got[1]!.title).toBe(
			'Peer learning this month: 0 learning opportunities submitted (target 1)'
		);
		expect(got[1]!.body).toMatch(
			/^March 2026: you have submitted 0; the target is 1 \(prorated for 0\.5 FTE\)/
		);

		// April: a new period, a new reminder.
		deps.clock.now = new Date('2026-04-20T06:00:00Z');
		expect(await sendMidPeriodReminders(deps)).toBe(2);
	});

	it('emails the count; a refusing SMTP server gets a clear error, a retry later, and one email', async () => {
		deps.clock.now = new Date('2026-03-16T06:00:00Z');
		refusing = true;
		expect(await sendMidPeriodReminders(deps)).toBe(2);
		expect(await deliverDueEmails(deps)).toEqual({ sent: 0, failed: 2 });
		const failed = await deps.db.query<{ id: string; attempts: number; last_error: string }>(
			'select id, attempts, last_error from email_outbox order by id'
		);
		expect(failed.rows).toEqual([
			expect.objectContaining({ id: 'n:mid:2026-03:rad-full', attempts: 1 }),
			expect.objectContaining({ id: 'n:mid:2026-03:rad-half', attempts: 1 })
		]);
		expect(failed.rows[0]!.last_error).toMatch(/451 mailbox busy, try again later/);
		// The reminder job runs again before the retry: no second email is queued.
		expect(await sendMidPeriodReminders(deps)).toBe(0);
		refusing = false;
		expect(await deliverDueEmails(deps)).toEqual({ sent: 0, failed: 0 }); // back-off: not yet
		deps.clock.advance(61_000);
		expect(await deliverDueEmails(deps)).toEqual({ sent: 2, failed: 0 });
		expect(await deliverDueEmails(deps)).toEqual({ sent: 0, failed: 0 });
		expect(smtp.received).toHaveLength(2);
		const toFull = smtp.received.find((m) => m.includes('full@example.test'))!;
		expect(toFull).toMatch(/1 learning opportunity submitted \(target 2\)/);
		expect(toFull).toMatch(/\/progress/);
		expect(smtp.received.some((m) => m.includes('quiet@example.test'))).toBe(false);
	});

	it('follows the policy: weekly targets remind on the weekday, none when the day is unset', async () => {
		await put('settings', {
			...policyDoc({
				...policy,
				version: 2,
				submissions: { per: 'work-week', count: 1, prorateByFte: true },
				reminders: { midPeriodDay: 3, upcomingConferences: true }
			}),
			id: 'policy-2026-v2'
		});
		deps.clock.now = new Date('2026-03-17T12:00:00Z'); // Tuesday
		expect(await sendMidPeriodReminders(deps)).toBe(0);
		deps.clock.now = new Date('2026-03-18T12:00:00Z'); // Wednesday
		expect(await sendMidPeriodReminders(deps)).toBe(2);
		expect((await notifications()).map((n) => n.id)).toEqual([
			'n:mid:2026-W11:rad-full',
			'n:mid:2026-W11:rad-half'
		]);
		await put('settings', {
			...policyDoc({
				...policy,
				version: 3,
				reminders: { midPeriodDay: null, upcomingConferences: true }
			}),
			id: 'policy-2026-v3'
		});
		deps.clock.now = new Date('2026-04-20T12:00:00Z');
		expect(await sendMidPeriodReminders(deps)).toBe(0);
	});
});

describe('upcoming conference reminder', () => {
	it('reminds the section’s staff and facilitators the day before, once, not those who opted out', async () => {
		await put('conferences', conference({}));
		await put('conferences', conference({ id: 'conf-far', startsAt: '2026-03-20T17:00:00.000Z' }));
		await put('conferences', conference({ id: 'conf-off', status: 'cancelled' }));
		deps.clock.now = new Date('2026-03-15T12:00:00Z');
		expect(await sendConferenceReminders(deps)).toBe(0);
		deps.clock.now = new Date('2026-03-16T12:00:00Z');
		expect(await sendConferenceReminders(deps)).toBe(2);
		deps.clock.advance(6 * 3_600_000);
		expect(await sendConferenceReminders(deps)).toBe(0);
		const got = await notifications();
		expect(got.map((n) => [n.id, n.kind, n.title])).toEqual([
			[
				'n:conf:conf-chest:2026-03-17:rad-full',
				'conference-upcoming',
				'Tomorrow at 17:00: Chest rounds'
			],
			[
				'n:conf:conf-chest:2026-03-17:rad-half',
				'conference-upcoming',
				'Tomorrow at 17:00: Chest rounds'
			]
		]);
		// rad-half is in neuro but facilitates; rad-quiet (chest) opted out.
		expect(got[1]!.body).toMatch(/^You are facilitating\. 2026-03-17 17:00 UTC · Room 2B/);
		expect(got[0]!.link).toBe('/conferences/conf-chest');
	});

	it('reminds again when the conference moves to another day', async () => {
		await put('conferences', conference({}));
		deps.clock.now = new Date('2026-03-16T12:00:00Z');
		expect(await sendConferenceReminders(deps)).toBe(2);
		await deps.db.query(
			`update documents set data = jsonb_set(data, '{startsAt}', '"2026-03-18T17:00:00.000Z"')
			  where collection = 'conferences' and id = 'conf-chest'`
		);
		deps.clock.now = new Date('2026-03-17T12:00:00Z');
		expect(await sendParticipationReminders(deps)).toEqual({ midPeriod: 2, conferences: 2 });
	});

	it('uses the program’s time zone for “tomorrow”', async () => {
		// 02:00 UTC on the 18th is the evening of the 17th in Toronto.
		await put('conferences', conference({ startsAt: '2026-03-18T02:00:00.000Z' }));
		deps.clock.now = new Date('2026-03-16T20:00:00Z');
		expect(await sendConferenceReminders(deps, { timeZone: 'America/Toronto' })).toBe(2);
		expect((await notifications())[0]!.title).toBe('Tomorrow at 22:00: Chest rounds');
	});
});
