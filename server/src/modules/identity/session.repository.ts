import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../app-env.ts';
import type { Queryable } from '../../db/db.ts';

/** Only a digest of the token is stored: a leaked database does not leak live sessions. */
export const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface SessionRow {
	id: string;
	personId: string;
	createdAt: Date;
	lastSeenAt: Date;
	expiresAt: Date;
}

/** Starts a session; returns the token for the cookie. */
export async function createSession(
	q: Queryable,
	personId: string,
	now: Date,
	absoluteHours: number
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + absoluteHours * 3600_000);
	await q.query(
		'insert into sessions (id, person_id, created_at, last_seen_at, expires_at) values ($1, $2, $3, $3, $4)',
		[digest(token), personId, now, expiresAt]
	);
	return { token, expiresAt };
}

/** For benchmarks and tools: a session token for a person, as a login would create. */
export async function createSessionFor(deps: Deps, personId: string): Promise<string> {
	return (await createSession(deps.db, personId, deps.now(), deps.config.absoluteHours)).token;
}

export async function findSession(q: Queryable, token: string): Promise<SessionRow | undefined> {
	const { rows } = await q.query<{
		id: string;
		person_id: string;
		created_at: Date | string;
		last_seen_at: Date | string;
		expires_at: Date | string;
	}>(
		'select id, person_id, created_at, last_seen_at, expires_at from sessions where id = $1 and ended_at is null',
		[digest(token)]
	);
	const r = rows[0];
	return (
		r && {
			id: r.id,
			personId: r.person_id,
			createdAt: new Date(r.created_at),
			lastSeenAt: new Date(r.last_seen_at),
			expiresAt: new Date(r.expires_at)
		}
	);
}

export async function touchSession(q: Queryable, id: string, now: Date): Promise<void> {
	await q.query('update sessions set last_seen_at = $2 where id = $1', [id, now]);
}

export async function endSession(q: Queryable, id: string, now: Date): Promise<void> {
	await q.query('update sessions set ended_at = $2 where id = $1 and ended_at is null', [id, now]);
}

/** Ends every open session of a person (password reset, deactivation). */
export async function endSessionsOf(q: Queryable, personId: string, now: Date): Promise<void> {
	await q.query('update sessions set ended_at = $2 where person_id = $1 and ended_at is null', [
		personId,
		now
	]);
}
