import { Hono } from 'hono';
import {
	reminderPreferences,
	type ReminderPreferences
} from '@rounds/shared/reports/preferences.schema';
import type { ApiError } from '@rounds/shared/sync/protocol';
import type { AppEnv, Deps } from '../../app-env.ts';
import { requireRole } from '../identity/session.middleware.ts';
import { getReminderPreferences, putReminderPreferences } from './preferences.repository.ts';

/**
 * The signed-in person's own preferences (mounted at `/api/me/preferences`): only ever their
 * own, so no role beyond being signed in.
 */
export function preferencesRoutes(deps: Deps) {
	return new Hono<AppEnv>()
		.get('/', requireRole(), async (c) => {
			const id = c.get('user')!.id;
			const prefs = (await getReminderPreferences(deps.db, [id])).get(id)!;
			return c.json(prefs satisfies ReminderPreferences);
		})
		.put('/', requireRole(), async (c) => {
			const parsed = reminderPreferences.safeParse(await c.req.json().catch(() => undefined));
			if (!parsed.success)
				return c.json(
					{
						error: 'invalid',
						message: parsed.error.issues
							.map((i) =>
								i.path.length || i.code === 'unrecognized_keys'
									? i.message
									: 'Send {"midPeriodReminders": true|false, "conferenceReminders": true|false}'
							)
							.join('; ')
					} satisfies ApiError,
					400
				);
			const saved = await putReminderPreferences(
				deps.db,
				c.get('user')!.id,
				parsed.data,
				deps.now()
			);
			return c.json(saved);
		});
}
