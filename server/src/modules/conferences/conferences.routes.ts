import { Hono } from 'hono';
import type { Conference } from '@rounds/shared/conferences/conference.schema';
import type { ApiError } from '@rounds/shared/sync/protocol';
import type { AppEnv, Deps } from '../../app-env.ts';
import { requireRole } from '../identity/session.middleware.ts';
import { getDocuments } from '../sync/documents.repository.ts';

/**
 * The presenter's live attendance count. Facilitators do not receive attendance records (they
 * name people; only the attendee, the director and admin support read them), so the check-in
 * slide asks for the number alone while online.
 */
export function conferenceRoutes(deps: Deps) {
	return new Hono<AppEnv>().get('/:id/attendance-count', requireRole(), async (c) => {
		const user = c.get('user')!;
		const [conference] = await getDocuments<Conference>(deps.db, 'conferences', [
			c.req.param('id')
		]);
		if (!conference)
			return c.json({ error: 'not-found', message: 'No such conference' } satisfies ApiError, 404);
		const allowed =
			conference.facilitatorIds.includes(user.id) ||
			user.roles.some((r) => r === 'peer_learning_director' || r === 'admin_support');
		if (!allowed)
			return c.json(
				{
					error: 'forbidden',
					message: 'Only the conference’s facilitators and organizers see its attendance.'
				} satisfies ApiError,
				403
			);
		const { rows } = await deps.db.query<{ n: number }>(
			`select count(*)::int as n from documents
			  where collection = 'attendance' and not deleted and data->>'conferenceId' = $1`,
			[conference.id]
		);
		return c.json({ conferenceId: conference.id, count: rows[0]?.n ?? 0 });
	});
}
