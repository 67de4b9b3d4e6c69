import {
	DEFAULT_REMINDER_PREFERENCES,
	type ReminderPreferences
} from '@rounds/shared/reports/preferences.schema';
import type { Queryable } from '../../db/db.ts';

interface Row {
	person_id: string;
	mid_period: boolean;
	conferences: boolean;
}
const fromRow = (r: Row): ReminderPreferences => ({
	midPeriodReminders: r.mid_period,
	conferenceReminders: r.conferences
});

/** Reminder preferences of several people; those who never changed them get the defaults. */
export async function getReminderPreferences(
	q: Queryable,
	personIds: readonly string[]
): Promise<Map<string, ReminderPreferences>> {
	const out = new Map(personIds.map((id) => [id, { ...DEFAULT_REMINDER_PREFERENCES }]));
	if (!personIds.length) return out;
	const rows = await q.query<Row>(
		'select person_id, mid_period, conferences from reminder_preferences where person_id = any($1::text[])',
		[personIds]
	);
	for (const r of rows.rows) out.set(r.person_id, fromRow(r));
	return out;
}

/** Stores one person's reminder preferences (all of them) and returns them. */
export async function putReminderPreferences(
	q: Queryable,
	personId: string,
	p: ReminderPreferences,
	at: Date
): Promise<ReminderPreferences> {
	const r = await q.query<Row>(
		`insert into reminder_preferences (person_id, mid_period, conferences, updated_at)
		 values ($1, $2, $3, $4)
		 on conflict (person_id) do update
		   set mid_period = excluded.mid_period, conferences = excluded.conferences,
		       updated_at = excluded.updated_at
		 returning person_id, mid_period, conferences`,
		[personId, p.midPeriodReminders, p.conferenceReminders, at]
	);
	return fromRow(r.rows[0]!);
}
