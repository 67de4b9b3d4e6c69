import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role } from '@rounds/shared/identity/identity.schema';
import type { AppEnv, Deps } from '../../app-env.ts';
import { findPerson } from './people.repository.ts';
import { endSession, findSession, touchSession } from './session.repository.ts';

export const SESSION_COOKIE = 'rounds_session';

/**
 * Resolves the session cookie to the signed-in person, enforcing the idle and absolute
 * timeouts on the server (the cookie's own lifetime is only a hint to the browser).
 */
export function sessionMiddleware(deps: Deps): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		c.set('user', null);
		c.set('sessionId', null);
		const token = getCookie(c, SESSION_COOKIE);
		if (token && token.length <= 100) {
			const s = await findSession(deps.db, token);
			const now = deps.now();
			if (s) {
				const idle = now.getTime() - s.lastSeenAt.getTime() > deps.config.idleMinutes * 60_000;
				const expired = now >= s.expiresAt;
				const person = idle || expired ? undefined : await findPerson(deps.db, s.personId);
				if (!person || !person.active) await endSession(deps.db, s.id, now);
				else {
					c.set('user', person);
					c.set('sessionId', s.id);
					// Touch at most once a minute: a busy device must not write on every request.
					if (now.getTime() - s.lastSeenAt.getTime() > 60_000)
						await touchSession(deps.db, s.id, now);
				}
			}
		}
		await next();
	};
}

export function unauthenticated(c: Context<AppEnv>) {
	return c.json(
		{ error: 'unauthenticated', message: 'Your session has ended. Sign in again.' },
		401
	);
}

/** Lets the request through only for a signed-in person holding one of `roles`. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		const user = c.get('user');
		if (!user) return unauthenticated(c);
		if (roles.length && !user.roles.some((r) => roles.includes(r)))
			return c.json({ error: 'forbidden', message: 'You do not have permission to do this.' }, 403);
		await next();
	};
}
