import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../org/settings.schema.ts';
import {
	GRACE_MS,
	REPLAY_HORIZON_MS,
	WINDOW_MS,
	checkinUrl,
	conferenceKeyDocument,
	issueToken,
	newCheckinSecret,
	parseToken,
	readCheckinCode,
	verifyToken
} from './checkin-token.ts';

const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ'; // fixed for determinism
const OTHER_SECRET = 'b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItMTI';
const CONF = 'conf-chest-2026-03';
const conference = { startsAt: '2026-03-02T12:00:00.000Z', endsAt: '2026-03-02T13:00:00.000Z' };
const at = (iso: string) => new Date(iso);
const T = at('2026-03-02T12:15:00.000Z'); // a window boundary (multiple of 10 s)
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe('issuing codes', () => {
	it('is the same code for every moment of one 10-second window and a new one after', async () => {
		const a = await issueToken(SECRET, CONF, T);
		expect(await issueToken(SECRET, CONF, plus(T, 9_999))).toBe(a);
		const b = await issueToken(SECRET, CONF, plus(T, WINDOW_MS));
		expect(b).not.toBe(a);
		expect(await issueToken(SECRET, CONF, plus(T, WINDOW_MS + 5_000))).toBe(b);
	});

	it('depends on the secret and the conference', async () => {
		const a = await issueToken(SECRET, CONF, T);
		expect(await issueToken(OTHER_SECRET, CONF, T)).not.toBe(a);
		const other = await issueToken(SECRET, 'conf-neuro', T);
		expect(other.split('.').at(-1)).not.toBe(a.split('.').at(-1));
	});

	it('is short enough for a small QR code and survives a URL unescaped', async () => {
		const token = await issueToken(SECRET, CONF, T);
		expect(token.length).toBeLessThan(CONF.length + 30);
		expect(token).toMatch(/^[A-Za-z0-9_.:-]+$/);
		expect(parseToken(token)).toEqual({
			conferenceId: CONF,
			window: T.getTime() / WINDOW_MS,
			mac: token.split('.').at(-1)
		});
	});

	it('refuses a secret that is not one', async () => {
		await expect(issueToken('short', CONF, T)).rejects.toThrow(/not a valid secret/);
	});
});

describe('verifying codes', () => {
	const verify = async (
		token: string,
		o: Partial<Parameters<typeof verifyToken>[1]> = {}
	): Promise<string> => {
		const v = await verifyToken(token, {
			conferenceId: CONF,
			scannedAt: plus(T, 3_000),
			conference,
			secret: SECRET,
			...o
		});
		return v.ok ? 'ok' : v.reason;
	};

	it('accepts a code scanned in its window, with or without the secret', async () => {
		const token = await issueToken(SECRET, CONF, T);
		expect(await verify(token)).toBe('ok');
		expect(await verify(token, { secret: undefined })).toBe('ok');
		expect(await verifyToken(token, { conferenceId: CONF, scannedAt: T })).toEqual({
			ok: true,
			window: T.getTime() / WINDOW_MS
		});
	});

	it('accepts drift up to the grace on each side of the window, not beyond', async () => {
		const token = await issueToken(SECRET, CONF, T);
		expect(await verify(token, { scannedAt: plus(T, -GRACE_MS) })).toBe('ok');
		expect(await verify(token, { scannedAt: plus(T, -GRACE_MS - 1) })).toBe('expired');
		expect(await verify(token, { scannedAt: plus(T, WINDOW_MS + GRACE_MS) })).toBe('ok');
		expect(await verify(token, { scannedAt: plus(T, WINDOW_MS + GRACE_MS + 1) })).toBe('expired');
		expect(await verify(token, { scannedAt: plus(T, 5 * 60_000) })).toBe('expired');
	});

	it('refuses codes scanned outside the conference (30 min before to 60 min after)', async () => {
		const early = at('2026-03-02T11:30:00.000Z');
		expect(await verify(await issueToken(SECRET, CONF, early), { scannedAt: early })).toBe('ok');
		const tooEarly = plus(early, -WINDOW_MS);
		expect(await verify(await issueToken(SECRET, CONF, tooEarly), { scannedAt: tooEarly })).toBe(
			'expired'
		);
		const late = at('2026-03-02T14:00:00.000Z');
		expect(await verify(await issueToken(SECRET, CONF, late), { scannedAt: late })).toBe('ok');
		const tooLate = plus(late, WINDOW_MS);
		expect(await verify(await issueToken(SECRET, CONF, tooLate), { scannedAt: tooLate })).toBe(
			'expired'
		);
	});

	it('calls a wrong signature or a malformed code forged', async () => {
		const token = await issueToken(SECRET, CONF, T);
		expect(await verify(token, { secret: OTHER_SECRET })).toBe('forged');
		const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
		expect(await verify(flipped)).toBe('forged');
		// Moving the code to another window breaks the signature.
		const [, w] = token.split('.');
		const shifted = token.replace(`.${w}.`, `.${(parseInt(w!, 36) + 1).toString(36)}.`);
		expect(await verify(shifted, { scannedAt: plus(T, 13_000) })).toBe('forged');
		for (const bad of [
			'',
			'hello',
			'https://example.org',
			`${CONF}.zz`,
			`${CONF}..x`,
			'a'.repeat(500)
		])
			expect(await verify(bad)).toBe('forged');
		expect(await verify(token, { secret: 'not base64!' })).toBe('forged');
	});

	it('calls a genuine code of another conference foreign', async () => {
		const other = await issueToken(SECRET, 'conf-neuro', T);
		expect(await verify(other)).toBe('foreign');
		expect(await verify(other, { secret: undefined })).toBe('foreign');
	});

	it('calls a code received long after its window replayed', async () => {
		const token = await issueToken(SECRET, CONF, T);
		const windowEnd = plus(T, WINDOW_MS);
		expect(await verify(token, { receivedAt: plus(windowEnd, REPLAY_HORIZON_MS) })).toBe('ok');
		expect(await verify(token, { receivedAt: plus(windowEnd, REPLAY_HORIZON_MS + 1) })).toBe(
			'replayed'
		);
	});
});

describe('check-in addresses', () => {
	const origin = 'https://rounds.example.org';

	it('round-trips through the URL a phone camera opens', async () => {
		const token = await issueToken(SECRET, CONF, T);
		const url = checkinUrl(origin + '/', CONF, token);
		expect(url).toBe(`${origin}/checkin?c=${CONF}&t=${token}`);
		expect(readCheckinCode(url, origin)).toEqual({ conferenceId: CONF, token });
		expect(readCheckinCode(`  ${token}\n`, origin)).toEqual({ conferenceId: CONF, token });
		expect(readCheckinCode(`/checkin?c=${CONF}&t=${token}`, origin)).toEqual({
			conferenceId: CONF,
			token
		});
	});

	it('keeps a URL whose c and t disagree so that verification calls it foreign', async () => {
		const token = await issueToken(SECRET, 'conf-neuro', T);
		const read = readCheckinCode(checkinUrl(origin, CONF, token), origin)!;
		expect(read.conferenceId).toBe(CONF);
		expect(
			await verifyToken(read.token, { conferenceId: read.conferenceId, scannedAt: T })
		).toEqual({ ok: false, reason: 'foreign' });
	});

	it('rejects other sites, other pages and random text', async () => {
		const token = await issueToken(SECRET, CONF, T);
		for (const text of [
			`https://evil.example/checkin?c=${CONF}&t=${token}`,
			`${origin}/login?c=${CONF}&t=${token}`,
			`${origin}/checkin?c=${CONF}`,
			`${origin}/checkin?c=${CONF}&t=garbage`,
			'WIFI:S:guest;T:WPA;P:secret;;',
			'hello world',
			''
		])
			expect(readCheckinCode(text, origin)).toBeNull();
	});
});

describe('conference keys', () => {
	it('creates a valid settings document with a fresh 32-byte secret each time', () => {
		const c = { id: CONF, title: 'Chest rounds', facilitatorIds: ['p-lead'] };
		const doc = conferenceKeyDocument(c, '2026-03-01T00:00:00.000Z');
		expect(settingsSchema.parse(doc)).toEqual(doc);
		expect(doc.data).toMatchObject({ conferenceId: CONF, facilitatorIds: ['p-lead'] });
		expect(doc.data.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(newCheckinSecret()).not.toBe(newCheckinSecret());
	});
});
