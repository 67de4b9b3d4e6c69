import { z } from 'zod';
import { baseDoc, id, isoDateTime, shortText } from '../common.schema.ts';

/** In-app inbox item for one person; the server creates most of them. */
export const notificationSchema = z.object({
	...baseDoc,
	userId: id,
	kind: z.enum([
		'submission-routed',
		'feedback-received',
		'feedback-acknowledged',
		'review-assigned',
		'review-due',
		'attention-required',
		'learning-feedback',
		'conference-upcoming',
		'key-learnings',
		'reminder'
	]),
	title: shortText(200),
	body: shortText(1000),
	link: shortText(300),
	readAt: isoDateTime.nullable()
});
export type Notification = z.infer<typeof notificationSchema>;
