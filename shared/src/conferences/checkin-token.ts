import { id as idSchema } from '../common.schema.ts';
import type { SettingsOf } from '../org/settings.schema.ts';
import type { Conference } from './conference.schema.ts';

/**
 * Rotating QR check-in codes for conferences.
 *
 * The presenting device holds the conference's secret (a `conference-key` settings document that
 * only facilitators, the director and admin support receive) and shows a new code every
 * {@link WINDOW_MS}: `<conferenceId>.<window index, base 36>.<truncated HMAC-SHA-256, base64url>`.
 * It needs no network, so the code rotates offline too. Attendee devices do not hold the secret:
 * they check what they can (format, conference, time) and the server checks the signature when
 * the attendance document is pushed. Web Crypto only, so this runs in browsers and on the server.
 *
 * Why each verdict:
 * - `forged`: not our format, or the signature does not match the conference's secret.
 * - `foreign`: a genuine code of another conference (also when a check-in names one conference
 *   and carries the code of another: a code is only good for the conference it was shown for).
 * - `expired`: the attendee's device scanned it outside its window (plus {@link GRACE_MS} each
 *   side for clock drift between the presenting laptop and the phone, and time to type it), or
 *   outside the conference ({@link OPEN_BEFORE_MS} before the start to {@link OPEN_AFTER_MS}
 *   after the end).
 * - `replayed`: the server received it more than {@link REPLAY_HORIZON_MS} after its window. The
 *   scan time is the device's own claim; an attendee checking in offline is believed for that
 *   long (a weekend without network), after which a kept code (a photo of the screen) with a
 *   made-up scan time is refused. Organizers record later attendance manually, with a reason.
 */
export const WINDOW_MS = 10_000;
export const GRACE_MS = 60_000;
export const OPEN_BEFORE_MS = 30 * 60_000;
export const OPEN_AFTER_MS = 60 * 60_000;
export const REPLAY_HORIZON_MS = 72 * 3600_000;
/** 96 bits: forging needs the server to accept one of 2^96 guesses, each a signed-in push. */
const MAC_BYTES = 12;
const MAC_CHARS = 16;
const CONTEXT = 'rounds-checkin-v1';

export type TokenProblem = 'forged' | 'foreign' | 'expired' | 'replayed';
export type TokenVerdict = { ok: true; window: number } | { ok: false; reason: TokenProblem };

export interface ParsedToken {
	conferenceId: string;
	window: number;
	mac: string;
}

const encoder = new TextEncoder();

export function toBase64Url(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array | null {
	if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
	try {
		const bin = atob(s.replaceAll('-', '+').replaceAll('_', '/'));
		return Uint8Array.from(bin, (c) => c.charCodeAt(0));
	} catch {
		return null;
	}
}

/** The 10-second window a moment falls in. */
export const windowOf = (at: Date): number => Math.floor(at.getTime() / WINDOW_MS);

async function mac(secret: string, conferenceId: string, window: number): Promise<string> {
	const raw = fromBase64Url(secret);
	if (!raw || raw.length < 16) throw new Error('The conference key is not a valid secret');
	const key = await crypto.subtle.importKey(
		'raw',
		raw as Uint8Array<ArrayBuffer>,
		{ name: 'HMAC', hash: 'SHA-256' },
		false,
		['sign']
	);
	const sig = await crypto.subtle.sign(
		'HMAC',
		key,
		encoder.encode(`${CONTEXT}|${conferenceId}|${window}`)
	);
	return toBase64Url(new Uint8Array(sig).slice(0, MAC_BYTES));
}

/** The code to show at `at`: the same for every moment of one 10-second window. */
export async function issueToken(secret: string, conferenceId: string, at: Date): Promise<string> {
	const w = windowOf(at);
	return `${conferenceId}.${w.toString(36)}.${await mac(secret, conferenceId, w)}`;
}

/** Splits a code into its parts; `null` when it is not one of ours. */
export function parseToken(token: string): ParsedToken | null {
	if (token.length > 120) return null;
	const m = /^(.+)\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]+)$/.exec(token);
	if (!m || m[3]!.length !== MAC_CHARS || !idSchema.safeParse(m[1]).success) return null;
	const window = parseInt(m[2]!, 36);
	if (!Number.isSafeInteger(window)) return null;
	return { conferenceId: m[1]!, window, mac: m[3]! };
}

/** Compares without stopping at the first difference, so timing says nothing about the MAC. */
function sameText(a: string, b: string): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
	return diff === 0;
}

export interface VerifyOptions {
	/** The conference the check-in is for (the attendance document's, or the URL's `c`). */
	conferenceId: string;
	/** When the attendee's device scanned the code, by its own clock. */
	scannedAt: Date;
	/** The conference's times: codes scanned outside them are expired. */
	conference?: Pick<Conference, 'startsAt' | 'endsAt'>;
	/** The conference's secret; attendee devices do not hold it, so they skip the signature. */
	secret?: string;
	/** When the server received the check-in: enables the replay check. */
	receivedAt?: Date;
}

/** Checks a scanned code; the first problem found, in the order of the list above. */
export async function verifyToken(token: string, o: VerifyOptions): Promise<TokenVerdict> {
	const t = parseToken(token);
	if (!t) return { ok: false, reason: 'forged' };
	if (t.conferenceId !== o.conferenceId) return { ok: false, reason: 'foreign' };
	if (o.secret !== undefined) {
		let expected: string;
		try {
			expected = await mac(o.secret, t.conferenceId, t.window);
		} catch {
			return { ok: false, reason: 'forged' };
		}
		if (!sameText(expected, t.mac)) return { ok: false, reason: 'forged' };
	}
	const start = t.window * WINDOW_MS;
	const scan = o.scannedAt.getTime();
	if (Number.isNaN(scan) || scan < start - GRACE_MS || scan > start + WINDOW_MS + GRACE_MS)
		return { ok: false, reason: 'expired' };
	if (o.conference) {
		const opens = Date.parse(o.conference.startsAt) - OPEN_BEFORE_MS;
		const closes = Date.parse(o.conference.endsAt) + OPEN_AFTER_MS;
		if (!(scan >= opens && scan <= closes)) return { ok: false, reason: 'expired' };
	}
	if (o.receivedAt && o.receivedAt.getTime() > start + WINDOW_MS + REPLAY_HORIZON_MS)
		return { ok: false, reason: 'replayed' };
	return { ok: true, window: t.window };
}

/** Path of the check-in page, which phones' camera apps open from the QR code. */
export const CHECKIN_PATH = '/checkin';

/** The check-in address a QR code carries: `<origin>/checkin?c=<conferenceId>&t=<token>`. */
export function checkinUrl(origin: string, conferenceId: string, token: string): string {
	const q = new URLSearchParams({ c: conferenceId, t: token });
	return `${origin.replace(/\/+$/, '')}${CHECKIN_PATH}?${q}`;
}

/**
 * What a scanned or typed text means: a check-in address of this app (`origin`), or a bare
 * code; `null` for anything else (another site's address, random text).
 */
export function readCheckinCode(
	text: string,
	origin: string
): { conferenceId: string; token: string } | null {
	const s = text.trim();
	if (!s || s.length > 600) return null;
	let conferenceId: string | null;
	let token: string | null;
	if (/^https?:\/\//i.test(s) || s.startsWith('/')) {
		let url: URL;
		try {
			url = new URL(s, origin);
		} catch {
			return null;
		}
		if (url.origin !== new URL(origin).origin || url.pathname !== CHECKIN_PATH) return null;
		conferenceId = url.searchParams.get('c');
		token = url.searchParams.get('t');
	} else {
		token = s;
		conferenceId = parseToken(s)?.conferenceId ?? null;
	}
	if (!conferenceId || !token || !parseToken(token)) return null;
	return { conferenceId, token };
}

/** A new random 32-byte secret, base64url (Web Crypto). */
export function newCheckinSecret(): string {
	return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * The `conference-key` settings document for a new conference: its secret, and the facilitators
 * whose devices receive it (so the code can be shown offline).
 */
export function conferenceKeyDocument(
	conference: Pick<Conference, 'id' | 'title' | 'facilitatorIds'>,
	now: string,
	secret = newCheckinSecret()
): SettingsOf<'conference-key'> {
	return {
		id: `key-${conference.id}`.slice(0, 64),
		createdAt: now,
		updatedAt: now,
		kind: 'conference-key',
		name: `Check-in key: ${conference.title}`.slice(0, 200),
		active: true,
		data: {
			conferenceId: conference.id,
			secret,
			facilitatorIds: [...conference.facilitatorIds]
		}
	};
}
