import { Hono } from 'hono';
import { z } from 'zod';
import { principalsOf } from '@rounds/shared/sync/access';
import { isCollectionName } from '@rounds/shared/sync/registry';
import type { ApiError } from '@rounds/shared/sync/protocol';
import type { AppEnv, Deps } from '../../app-env.ts';
import { requireRole } from '../identity/session.middleware.ts';
import { audit } from './audit.repository.ts';

const viewsBody = z.object({
	views: z
		.array(
			z.object({
				collection: z.string().max(40),
				id: z.string().min(1).max(64),
				at: z.iso.datetime({ offset: true })
			})
		)
		.min(1)
		.max(100)
});

/**
 * Views of learning content happen on devices, often offline: the app queues them and sends
 * them here when it can. Each is recorded with the device's time beside the server's, and
 * only for documents the user may actually read.
 */
export function auditRoutes(deps: Deps) {
	return new Hono<AppEnv>().post('/views', requireRole(), async (c) => {
		const user = c.get('user')!;
		const parsed = viewsBody.safeParse(await c.req.json().catch(() => undefined));
		if (!parsed.success)
			return c.json(
				{
					error: 'invalid',
					message: 'Expected { views: [{ collection, id, at }] } with 1 to 100 views'
				} satisfies ApiError,
				400
			);
		const principals = principalsOf(user);
		let recorded = 0;
		for (const v of parsed.data.views) {
			if (!isCollectionName(v.collection)) continue;
			const visible = await deps.db.query(
				'select 1 from documents where collection = $1 and id = $2 and readers && $3::text[]',
				[v.collection, v.id, principals]
			);
			await audit(deps.db, {
				actorId: user.id,
				action: 'view',
				collection: v.collection,
				docId: v.id,
				outcome: visible.rowCount ? 'ok' : 'rejected',
				deviceAt: v.at
			});
			if (visible.rowCount) recorded++;
		}
		return c.json({ recorded });
	});
}
