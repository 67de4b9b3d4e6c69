import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { rateLimiter } from 'hono-rate-limiter';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
	loginRequest,
	newPersonRequest,
	type Person,
	type SessionInfo
} from '@rounds/shared/identity/identity.schema';
import type { ApiError } from '@rounds/shared/sync/protocol';
import type { AppEnv, Deps } from '../../app-env.ts';
import { clientIp } from '../../http/client-ip.ts';
import { audit } from '../audit/audit.repository.ts';
import { checkPassword, hashPassword } from './password.ts';
import {
	deactivatePerson,
	emailTaken,
	findCredentials,
	findPerson,
	insertPerson,
	listPeople,
	setPasswordHash
} from './people.repository.ts';
import { createSession, endSession, endSessionsOf } from './session.repository.ts';
import { requireRole, SESSION_COOKIE, unauthenticated } from './session.middleware.ts';

const GENERIC = 'Email or password is incorrect.';
const ip = (c: Context<AppEnv>) => clientIp(c) ?? null;
const isHttps = (c: Context<AppEnv>) =>
	c.req.header('x-forwarded-proto') === 'https' || new URL(c.req.url).protocol === 'https:';

function badRequest(c: Context<AppEnv>, error: z.ZodError, message = 'Some fields need attention') {
	const details: Record<string, string> = {};
	for (const i of error.issues) details[String(i.path[0] ?? 'form')] ??= i.message;
	return c.json({ error: 'invalid', message, details } satisfies ApiError, 400);
}

async function readJson(c: Context<AppEnv>): Promise<unknown> {
	try {
		return await c.req.json();
	} catch {
		return undefined;
	}
}

function sessionInfo(deps: Deps, user: Person, expiresAt: Date): SessionInfo {
	return {
		user,
		expiresAt: expiresAt.toISOString(),
		offlineUntil: new Date(deps.now().getTime() + deps.config.offlineHours * 3600_000).toISOString()
	};
}

/** Sign-in, session and people administration. */
export function identityRoutes(deps: Deps) {
	// Two budgets of failed sign-ins: per account, whatever the address (guessing one password from
	// many machines), and per address (spraying many accounts). Only refused credentials (401)
	// spend them: a person who signs in is never locked out by their own successful logins.
	// Unknown emails spend an account budget too, so a 429 says nothing about who exists.
	const tooMany = (c: Context<AppEnv>) =>
		c.json(
			{
				error: 'rate-limited',
				message: 'Too many sign-in attempts. Wait a few minutes and try again.'
			} satisfies ApiError,
			429
		);
	const failuresOnly = {
		windowMs: 15 * 60_000,
		// draft-6 RateLimit-* headers, and Retry-After on the 429 (RFC 9110 §10.2.3).
		standardHeaders: 'draft-6',
		skipSuccessfulRequests: true,
		requestWasSuccessful: (c: Context<AppEnv>) => c.res.status !== 401,
		handler: tooMany
	} as const;
	const perAccount = rateLimiter<AppEnv>({
		...failuresOnly,
		limit: 10,
		keyGenerator: async (c) => {
			const body = (await readJson(c)) as { email?: unknown } | undefined;
			return `account|${String(body?.email ?? '')
				.trim()
				.toLowerCase()
				.slice(0, 254)}`;
		}
	});
	const perAddress = rateLimiter<AppEnv>({
		...failuresOnly,
		limit: 30,
		// No socket (in-process requests) means one shared budget rather than none.
		keyGenerator: (c) => `address|${clientIp(c) ?? 'unknown'}`
	});

	return new Hono<AppEnv>()
		.post('/session', perAddress, perAccount, async (c) => {
			const parsed = loginRequest.safeParse(await readJson(c));
			if (!parsed.success) return badRequest(c, parsed.error, 'Enter your email and password');
			const { email, password } = parsed.data;
			const creds = await findCredentials(deps.db, email);
			const ok = await checkPassword(password, creds?.passwordHash);
			const person = ok && creds ? await findPerson(deps.db, creds.personId) : undefined;
			if (!person || !person.active) {
				await audit(deps.db, {
					actorId: creds?.personId ?? null,
					action: 'login',
					outcome: 'failed',
					detail: {
						email: email.toLowerCase().slice(0, 254),
						reason: !creds ? 'unknown-email' : !ok ? 'wrong-password' : 'inactive'
					},
					ip: ip(c)
				});
				return c.json({ error: 'invalid-credentials', message: GENERIC } satisfies ApiError, 401);
			}
			const { token, expiresAt } = await createSession(
				deps.db,
				person.id,
				deps.now(),
				deps.config.absoluteHours
			);
			setCookie(c, SESSION_COOKIE, token, {
				httpOnly: true,
				sameSite: 'Lax',
				secure: isHttps(c),
				path: '/',
				expires: expiresAt
			});
			await audit(deps.db, { actorId: person.id, action: 'login', outcome: 'ok', ip: ip(c) });
			return c.json(sessionInfo(deps, person, expiresAt));
		})
		.get('/session', async (c) => {
			const user = c.get('user');
			if (!user) return unauthenticated(c);
			const expires = await deps.db.query<{ expires_at: string | Date }>(
				'select expires_at from sessions where id = $1',
				[c.get('sessionId')]
			);
			return c.json(sessionInfo(deps, user, new Date(expires.rows[0]!.expires_at)));
		})
		.delete('/session', async (c) => {
			const id = c.get('sessionId');
			if (id) {
				await endSession(deps.db, id, deps.now());
				await audit(deps.db, {
					actorId: c.get('user')?.id ?? null,
					action: 'logout',
					outcome: 'ok',
					ip: ip(c)
				});
			}
			deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
			return c.body(null, 204);
		})
		.use('/admin/*', requireRole('system_admin'))
		.get('/admin/people', async (c) => c.json(await listPeople(deps.db)))
		.post('/admin/people', async (c) => {
			const parsed = newPersonRequest.safeParse(await readJson(c));
			if (!parsed.success) return badRequest(c, parsed.error);
			const { password, ...p } = parsed.data;
			if (await emailTaken(deps.db, p.email))
				return c.json(
					{
						error: 'invalid',
						message: 'Someone already uses this email',
						details: { email: 'Someone already uses this email' }
					} satisfies ApiError,
					409
				);
			const at = deps.now().toISOString();
			const person: Person = {
				...p,
				id: randomUUID(),
				createdAt: at,
				updatedAt: at,
				active: true,
				locale: 'en'
			};
			const passwordHash = await hashPassword(password);
			await deps.db.transaction((tx) => insertPerson(tx, person, passwordHash));
			await audit(deps.db, {
				actorId: c.get('user')!.id,
				action: 'person.create',
				collection: 'people',
				docId: person.id,
				outcome: 'ok',
				ip: ip(c)
			});
			await deps.feed.publish(['people']);
			return c.json(person, 201);
		})
		.post('/admin/people/:id/password', async (c) => {
			const parsed = z
				.object({ password: z.string().min(10, 'Passwords need at least 10 characters').max(256) })
				.safeParse(await readJson(c));
			if (!parsed.success) return badRequest(c, parsed.error);
			const hash = await hashPassword(parsed.data.password);
			const id = c.req.param('id');
			// A reset is how a leaked password is revoked: whoever holds a session must sign in again.
			const changed = await deps.db.transaction(async (tx) => {
				if (!(await setPasswordHash(tx, id, hash))) return false;
				await endSessionsOf(tx, id, deps.now());
				return true;
			});
			if (!changed)
				return c.json({ error: 'not-found', message: 'No such person' } satisfies ApiError, 404);
			await audit(deps.db, {
				actorId: c.get('user')!.id,
				action: 'person.password',
				collection: 'people',
				docId: id,
				outcome: 'ok',
				ip: ip(c)
			});
			return c.body(null, 204);
		})
		.post('/admin/people/:id/deactivate', async (c) => {
			const id = c.req.param('id');
			if (id === c.get('user')!.id)
				return c.json(
					{ error: 'invalid', message: 'You cannot deactivate yourself' } satisfies ApiError,
					400
				);
			const done = await deps.db.transaction((tx) => deactivatePerson(tx, id, deps.now()));
			if (!done)
				return c.json({ error: 'not-found', message: 'No such person' } satisfies ApiError, 404);
			await audit(deps.db, {
				actorId: c.get('user')!.id,
				action: 'person.deactivate',
				collection: 'people',
				docId: id,
				outcome: 'ok',
				ip: ip(c)
			});
			await deps.feed.publish(['people']);
			return c.json(done);
		});
}
