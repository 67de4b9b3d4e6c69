import type { Notification } from '@rounds/shared/notifications/notification.schema';
import type { IqReview } from '@rounds/shared/reviews/iq-review.schema';
import { addDays, cyrb128 } from '@rounds/shared/reviews/assignment';
import { readersOf } from '@rounds/shared/sync/access';
import type { Deps } from '../../app-env.ts';
import { queueEmails } from '../notifications/mail.ts';
import { insertDocument } from '../sync/documents.repository.ts';

/** How many days ahead of the due date the first reminder goes out. */
export const DUE_SOON_DAYS = 3;

type Stage = 'soon' | 'overdue';

/** One id per review and stage, so every run (or every server instance) reminds once. */
export function reminderId(reviewId: string, stage: Stage): string {
	const id = `n:due-${stage}:${reviewId}`;
	if (id.length <= 64) return id;
	// Cutting would let two long ids with a common prefix share a reminder: hash instead.
	const h = cyrb128(reviewId).map((x) => x.toString(16).padStart(8, '0'));
	return `n:due-${stage}:h${h.join('')}`;
}

/**
 * Reminds reviewers of open image-quality reviews (assigned or draft) that are due within
 * DUE_SOON_DAYS days, then again once they are overdue: in-app, and by email when configured.
 * Returns how many reminders were new.
 */
export async function sendReviewReminders(deps: Deps): Promise<number> {
	const today = deps.now().toISOString().slice(0, 10);
	const due = await deps.db.query<{ data: IqReview }>(
		`select data from documents
		  where collection = 'iq_reviews' and not deleted
		    and data->>'status' in ('assigned', 'draft')
		    and data->>'dueOn' <= $1`,
		[addDays(today, DUE_SOON_DAYS)]
	);
	const at = deps.now().toISOString();
	const fresh: Notification[] = [];
	await deps.db.transaction(async (tx) => {
		for (const { data: r } of due.rows) {
			const stage: Stage = r.dueOn < today ? 'overdue' : 'soon';
			const n: Notification = {
				id: reminderId(r.id, stage),
				createdAt: at,
				updatedAt: at,
				userId: r.reviewerId,
				kind: 'review-due',
				title:
					stage === 'overdue'
						? 'An image-quality review is overdue'
						: 'An image-quality review is due soon',
				body: `${r.modality} · ${r.examDescription} · due ${r.dueOn}`,
				link: `/reviews/${r.id}`,
				readAt: null
			};
			if (await insertDocument(tx, 'notifications', n, false, readersOf('notifications', n)))
				fresh.push(n);
		}
		await queueEmails(tx, deps, fresh);
	});
	if (fresh.length) await deps.feed.publish(['notifications']);
	return fresh.length;
}

/** Checks for due reviews now and then every `everyMs` while the server runs. */
export function startReviewReminders(deps: Deps, everyMs = 60 * 60_000): () => void {
	const run = () =>
		void sendReviewReminders(deps).catch((e) => console.error('review reminders failed', e));
	run();
	const timer = setInterval(run, everyMs);
	return () => clearInterval(timer);
}
