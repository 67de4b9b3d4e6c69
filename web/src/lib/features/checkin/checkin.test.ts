import { describe, expect, it } from 'vitest';
import type { Attendance, Conference } from '@rounds/shared/conferences/conference.schema';
import { checkinUrl, issueToken } from '@rounds/shared/conferences/checkin-token';
import { planCheckin, sendCheckin, type PlanInput } from './checkin.ts';

const ORIGIN = 'https://rounds.example.org';
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ';
const SHOWN = new Date('2026-03-02T12:15:00.000Z');
const conference = {
	id: 'conf-chest',
	title: 'Chest rounds',
	status: 'scheduled',
	startsAt: '2026-03-02T12:00:00.000Z',
	endsAt: '2026-03-02T13:00:00.000Z'
} as Conference;

async function plan(over: Partial<PlanInput> & { text?: string } = {}) {
	const token = await issueToken(SECRET, conference.id, SHOWN);
	return planCheckin({
		text: checkinUrl(ORIGIN, conference.id, token),
		origin: ORIGIN,
		scannedAt: new Date(SHOWN.getTime() + 4_000),
		userId: 'p-ana',
		conferenceOf: async (id) => (id === conference.id ? conference : undefined),
		existing: async () => undefined,
		...over
	});
}

describe('checking in on the attendee’s device', () => {
	it('records a check-in under the one id per person, stamped with the scan time', async () => {
		const p = await plan();
		expect(p.kind).toBe('record');
		if (p.kind !== 'record') return;
		expect(p.attendance).toMatchObject({
			id: 'att-conf-chest-p-ana',
			conferenceId: 'conf-chest',
			userId: 'p-ana',
			recordedById: 'p-ana',
			method: 'qr',
			createdAt: '2026-03-02T12:15:04.000Z'
		});
		expect(p.conference?.title).toBe('Chest rounds');
	});

	it('records offline a conference the device has not received yet (the server decides)', async () => {
		const p = await plan({ conferenceOf: async () => undefined });
		expect(p).toMatchObject({ kind: 'record', conference: undefined });
	});

	it('says when the code is not a Rounds check-in code', async () => {
		for (const text of ['https://example.com/menu', 'hello', `${ORIGIN}/inbox`])
			expect(await plan({ text })).toEqual({ kind: 'not-rounds' });
	});

	it('refuses a stale code, one of another conference, and a cancelled conference', async () => {
		expect(await plan({ scannedAt: new Date(SHOWN.getTime() + 5 * 60_000) })).toMatchObject({
			kind: 'refused',
			reason: 'expired'
		});
		const other = await issueToken(SECRET, 'conf-neuro', SHOWN);
		expect(await plan({ text: checkinUrl(ORIGIN, conference.id, other) })).toMatchObject({
			kind: 'refused',
			reason: 'foreign'
		});
		const cancelled = { ...conference, status: 'cancelled' } as Conference;
		expect(await plan({ conferenceOf: async () => cancelled })).toMatchObject({
			kind: 'refused',
			reason: 'cancelled'
		});
	});

	it('does not record a second check-in', async () => {
		const stored = { id: 'att-conf-chest-p-ana' } as Attendance;
		expect(await plan({ existing: async (id) => (id === stored.id ? stored : undefined) })).toEqual(
			{ kind: 'already', attendance: stored, conference }
		);
	});
});

describe('sending a check-in straight away', () => {
	const attendance = { id: 'att-conf-chest-p-ana', conferenceId: 'conf-chest' } as Attendance;
	const answer =
		(status: number, body: unknown): typeof fetch =>
		async () =>
			new Response(JSON.stringify(body), { status });

	it('reads the server’s verdict', async () => {
		expect(await sendCheckin(attendance, answer(200, []))).toEqual({ kind: 'stored' });
		expect(
			await sendCheckin(
				attendance,
				answer(422, { error: 'rejected', message: 'This code is for another conference' })
			)
		).toEqual({ kind: 'refused', message: 'This code is for another conference' });
		expect(await sendCheckin(attendance, answer(503, {}))).toEqual({ kind: 'unreachable' });
		const offline: typeof fetch = async () => {
			throw new TypeError('Failed to fetch');
		};
		expect(await sendCheckin(attendance, offline)).toEqual({ kind: 'unreachable' });
	});

	it('recognises a check-in the server already holds', async () => {
		const first: Attendance = {
			id: 'att-conf-chest-p-ana',
			createdAt: '2026-03-02T12:10:00.000Z',
			updatedAt: '2026-03-02T12:10:00.000Z',
			conferenceId: 'conf-chest',
			userId: 'p-ana',
			method: 'qr',
			token: 'conf-chest.x.AAAAAAAAAAAAAAAA',
			reason: '',
			recordedById: 'p-ana'
		};
		expect(await sendCheckin(attendance, answer(200, [{ ...first, _deleted: false }]))).toEqual({
			kind: 'already',
			attendance: first
		});
	});
});
