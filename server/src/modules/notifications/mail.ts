import nodemailer from 'nodemailer';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';
import type { Deps } from '../../app-env.ts';
import type { Queryable } from '../../db/db.ts';
import { getDocuments } from '../sync/documents.repository.ts';

/**
 * Queues the email twin of in-app notifications (only when SMTP is configured). Emails carry
 * no learning content — a title and a link — because mailboxes are outside the sequestered
 * system. Keyed by notification id: a retried push never queues a second email.
 */
export async function queueEmails(
	q: Queryable,
	deps: Deps,
	notifications: Notification[]
): Promise<void> {
	if (!deps.config.smtpUrl || !notifications.length) return;
	const people = new Map(
		(
			await getDocuments<Person>(
				q,
				'people',
				notifications.map((n) => n.userId)
			)
		).map((p) => [p.id, p])
	);
	for (const n of notifications) {
		const to = people.get(n.userId);
		if (!to?.active) continue;
		const body = `${n.title}\n\nOpen Rounds to read it: ${deps.config.publicUrl}${n.link}\n\nPrivileged and confidential — for quality improvement purposes.`;
		await q.query(
			`insert into email_outbox (id, to_address, subject, body, next_attempt_at)
			 values ($1, $2, $3, $4, $5) on conflict (id) do nothing`,
			[n.id, to.email, `Rounds: ${n.title}`, body, deps.now()]
		);
	}
}

const MAX_ATTEMPTS = 8;

/**
 * Sends due emails once. Marks each sent only after the SMTP server accepted it; a refusal
 * is recorded and retried with exponential back-off (1, 2, 4… minutes), at most 8 times.
 * On PostgreSQL `skip locked` lets several server instances share the outbox.
 */
export async function deliverDueEmails(
	deps: Deps,
	transport = createTransport(deps)
): Promise<{ sent: number; failed: number }> {
	if (!transport) return { sent: 0, failed: 0 };
	let sent = 0;
	let failed = 0;
	const lock = deps.db.kind === 'postgres' ? 'for update skip locked' : '';
	await deps.db.transaction(async (tx) => {
		const due = await tx.query<{
			id: string;
			to_address: string;
			subject: string;
			body: string;
			attempts: number;
		}>(
			`select id, to_address, subject, body, attempts from email_outbox
			  where status = 'pending' and next_attempt_at <= $1 order by next_attempt_at limit 50 ${lock}`,
			[deps.now()]
		);
		for (const m of due.rows) {
			try {
				await transport.sendMail({
					from: deps.config.mailFrom,
					to: m.to_address,
					subject: m.subject,
					text: m.body
				});
				await tx.query(
					`update email_outbox set status = 'sent', sent_at = $2, attempts = attempts + 1 where id = $1`,
					[m.id, deps.now()]
				);
				sent++;
			} catch (e) {
				const attempts = m.attempts + 1;
				const next = new Date(deps.now().getTime() + 60_000 * 2 ** (attempts - 1));
				await tx.query(
					`update email_outbox set attempts = $2, last_error = $3, next_attempt_at = $4, status = $5 where id = $1`,
					[
						m.id,
						attempts,
						String((e as Error).message).slice(0, 500),
						next,
						attempts >= MAX_ATTEMPTS ? 'failed' : 'pending'
					]
				);
				failed++;
			}
		}
	});
	return { sent, failed };
}

export function createTransport(deps: Deps) {
	return deps.config.smtpUrl ? nodemailer.createTransport(deps.config.smtpUrl) : undefined;
}

/** Runs delivery every `everyMs` while the server runs. */
export function startMailer(deps: Deps, everyMs = 15_000): () => void {
	if (!deps.config.smtpUrl) return () => undefined;
	const transport = createTransport(deps);
	let running = false;
	const timer = setInterval(() => {
		if (running) return;
		running = true;
		deliverDueEmails(deps, transport)
			.catch((e) => console.error('mail delivery failed', e))
			.finally(() => (running = false));
	}, everyMs);
	return () => clearInterval(timer);
}
