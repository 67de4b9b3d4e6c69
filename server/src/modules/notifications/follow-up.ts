import type { Notification } from '@rounds/shared/notifications/notification.schema';
import type { Submission } from '@rounds/shared/submissions/submission.schema';
import { readersOf } from '@rounds/shared/sync/access';
import type { Deps } from '../../app-env.ts';
import { insertDocument } from '../sync/documents.repository.ts';
import { queueEmails } from './mail.ts';

/**
 * Prospective follow-up: on the date a submitter chose (pathology pending, say), they get a
 * reminder in their inbox (and by email when configured). The notification id is derived from
 * the case, so running this twice — or on two server instances — reminds once.
 */
export async function sendDueFollowUps(deps: Deps): Promise<number> {
	const today = deps.now().toISOString().slice(0, 10);
	const due = await deps.db.query<{ data: Submission }>(
		`select data from documents
		  where collection = 'submissions' and not deleted
		    and data->>'status' <> 'draft'
		    and data->>'followUpOn' is not null and data->>'followUpOn' <= $1`,
		[today]
	);
	const at = deps.now().toISOString();
	const fresh: Notification[] = [];
	await deps.db.transaction(async (tx) => {
		for (const { data: s } of due.rows) {
			const n: Notification = {
				id: `n:followup:${s.id}`.slice(0, 64),
				createdAt: at,
				updatedAt: at,
				userId: s.submitterId,
				kind: 'reminder',
				title: 'Follow-up due on a case you submitted',
				body: `${s.modality} · ${s.accession} · follow-up date ${s.followUpOn}`,
				link: '/submissions',
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

/** Checks for due follow-ups now and then every `everyMs` while the server runs. */
export function startFollowUps(deps: Deps, everyMs = 60 * 60_000): () => void {
	const run = () =>
		void sendDueFollowUps(deps).catch((e) => console.error('follow-up reminders failed', e));
	run();
	const timer = setInterval(run, everyMs);
	return () => clearInterval(timer);
}
