import { z } from 'zod';

/**
 * A person's choices about optional reminders (stored on the server, `GET/PUT
 * /api/me/preferences`). Reminders of assigned work (image-quality reviews due or overdue,
 * follow-ups the person asked for) are not optional and are not listed here.
 */
export const reminderPreferences = z
	.object({
		/** The mid-month (or mid-week) email with the current submission count. */
		midPeriodReminders: z.boolean({ error: 'midPeriodReminders: use true or false' }),
		/** The day-before reminder of conferences of the person's sections. */
		conferenceReminders: z.boolean({ error: 'conferenceReminders: use true or false' })
	})
	.strict();
export type ReminderPreferences = z.infer<typeof reminderPreferences>;

/** Everyone receives every reminder until they opt out. */
export const DEFAULT_REMINDER_PREFERENCES: ReminderPreferences = {
	midPeriodReminders: true,
	conferenceReminders: true
};
