import { createHash } from 'node:crypto';
import type { Person } from '@rounds/shared/identity/identity.schema';
import type { CollectionName, DocOf } from '@rounds/shared/sync/registry';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import type { Submission } from '@rounds/shared/submissions/submission.schema';
import type { Queryable } from '../../db/db.ts';
import { allDocuments } from './documents.repository.ts';

/** Readable reasons for notification bodies (the app localises its own screens). */
const REASON_LABEL: Record<Submission['reason'], string> = {
	discrepancy: 'Discrepancy',
	'great-call': 'Great call',
	'near-miss': 'Near miss',
	'interesting-case': 'Interesting case',
	'system-issue': 'System issue'
};

export interface Derived {
	collection: CollectionName;
	doc: DocOf<CollectionName>;
}

type Effect<N extends CollectionName> = (
	q: Queryable,
	prev: DocOf<N> | null,
	next: DocOf<N>,
	at: string
) => Promise<Derived[]>;

/**
 * `n:<key>:<user>`, or a hash of both when that would pass the 64-character id limit (cutting
 * it would give every recipient the same id, and all but the first notice would be lost).
 */
export function notificationId(key: string, userId: string): string {
	const plain = `n:${key}:${userId}`;
	if (plain.length <= 64) return plain;
	return `n:${createHash('sha256').update(`${key}\u0000${userId}`).digest('base64url').slice(0, 43)}`;
}

function notification(
	userId: string,
	kind: Notification['kind'],
	title: string,
	body: string,
	link: string,
	at: string,
	key: string
): Derived {
	const doc: Notification = {
		// Deterministic id: a retried push derives the same notification, never a second one.
		id: notificationId(key, userId),
		createdAt: at,
		updatedAt: at,
		userId,
		kind,
		title,
		body,
		link,
		readAt: null
	};
	return { collection: 'notifications', doc };
}

async function triagersOf(q: Queryable, sectionId: string): Promise<string[]> {
	const people = await allDocuments<Person>(q, 'people');
	const chiefs = people.filter(
		(p) => p.active && sectionId !== '' && p.chiefOfSectionIds.includes(sectionId)
	);
	const targets = chiefs.length
		? chiefs
		: people.filter((p) => p.active && p.roles.includes('peer_learning_director'));
	return targets.map((p) => p.id);
}

async function leadsOf(q: Queryable, modality: string): Promise<string[]> {
	const people = await allDocuments<Person>(q, 'people');
	const leads = people.filter(
		(p) => p.active && p.leadOfModalities.includes(modality as Person['leadOfModalities'][number])
	);
	const targets = leads.length
		? leads
		: people.filter((p) => p.active && p.roles.includes('peer_learning_director'));
	return targets.map((p) => p.id);
}

/** Who a conference's key learnings go to: its audience, and everyone who attended. */
async function audienceOf(q: Queryable, c: DocOf<'conferences'>): Promise<string[]> {
	const people = (await allDocuments<Person>(q, 'people')).filter((p) => p.active);
	const audience = people.filter((p) =>
		c.kind === 'section'
			? p.sectionIds.includes(c.sectionId) || p.chiefOfSectionIds.includes(c.sectionId)
			: c.kind === 'iq-rounds'
				? p.modalities.includes(c.modality as Person['modalities'][number]) ||
					p.leadOfModalities.includes(c.modality as Person['modalities'][number])
				: p.roles.includes('radiologist')
	);
	const { rows } = await q.query<{ user_id: string }>(
		`select data->>'userId' as user_id from documents
		  where collection = 'attendance' and not deleted and data->>'conferenceId' = $1`,
		[c.id]
	);
	const active = new Set(people.map((p) => p.id));
	return [
		...new Set([
			...audience.map((p) => p.id),
			...rows.map((r) => r.user_id).filter((id) => active.has(id))
		])
	];
}

/**
 * Documents the server derives from an accepted write: in-app notifications, so that
 * routing and the feedback loop work even when the sender's device goes offline right after.
 * Notifications never quote the submitter.
 */
const effects: { [N in CollectionName]?: Effect<N> } = {
	submissions: async (q, prev, next, at) => {
		const submittedNow = next.status !== 'draft' && (!prev || prev.status === 'draft');
		if (!submittedNow) return [];
		return (await triagersOf(q, next.sectionId)).map((uid) =>
			notification(
				uid,
				'submission-routed',
				'New learning opportunity to triage',
				`${next.modality} · ${REASON_LABEL[next.reason]} · ${next.accession}`,
				`/triage/${next.id}`,
				at,
				next.id
			)
		);
	},
	feedback: async (_q, prev, next, at) => {
		const out: Derived[] = [];
		if (next.status !== 'draft' && (!prev || prev.status === 'draft'))
			out.push(
				notification(
					next.readerId,
					'feedback-received',
					next.kind === 'recognition' ? 'Recognition for a great call' : 'Peer learning feedback',
					`${next.caseSummary.modality} · ${REASON_LABEL[next.caseSummary.reason]} · ${next.caseSummary.accession}`,
					`/feedback/${next.id}`,
					at,
					next.id
				)
			);
		const ackNow = !!next.acknowledgedAt && !prev?.acknowledgedAt;
		const replyNow = !!next.repliedAt && !prev?.repliedAt;
		if (ackNow || replyNow)
			out.push(
				notification(
					next.senderId,
					'feedback-acknowledged',
					replyNow
						? 'The reader replied to your feedback'
						: 'The reader acknowledged your feedback',
					`${next.caseSummary.modality} · ${REASON_LABEL[next.caseSummary.reason]} · ${next.caseSummary.accession}`,
					`/triage/${next.submissionId}`,
					at,
					// A reply after an earlier acknowledgement is a second, distinct notice.
					`${next.id}:${replyNow ? 'reply' : 'ack'}`
				)
			);
		return out;
	},
	conferences: async (q, prev, next, at) => {
		if (!next.publishedAt || next.publishedAt === prev?.publishedAt || !next.keyLearnings.trim())
			return [];
		return (await audienceOf(q, next)).map((uid) =>
			notification(
				uid,
				'key-learnings',
				`Key learnings: ${next.title}`.slice(0, 200),
				next.keyLearnings.trim().slice(0, 1000),
				`/conferences/${next.id}`,
				at,
				// A republished update is a new notice; the same publication never twice.
				`kl:${next.id}:${next.publishedAt}`
			)
		);
	},
	iq_reviews: async (q, prev, next, at) => {
		const out: Derived[] = [];
		if (next.status === 'assigned' && (!prev || prev.reviewerId !== next.reviewerId))
			out.push(
				notification(
					next.reviewerId,
					'review-assigned',
					'New image-quality review assigned to you',
					`${next.modality} · ${next.examDescription} · due ${next.dueOn}`,
					`/reviews/${next.id}`,
					at,
					// One notice per run and reviewer: a run of four reviews is one message, not four.
					next.runId ? `assigned:${next.runId}` : next.id
				)
			);
		if (next.status === 'submitted' && next.attentionRequired && prev?.status !== 'submitted')
			for (const uid of await leadsOf(q, next.modality))
				out.push(
					notification(
						uid,
						'attention-required',
						'Image-quality review needs your attention',
						`${next.modality} · ${next.accession} · ${next.examDescription}`,
						`/iq/${next.id}`,
						at,
						`attention:${next.id}`
					)
				);
		const closedNow = next.escalation?.status === 'closed' && prev?.escalation?.status !== 'closed';
		const note = next.escalation?.learningNote.trim() ?? '';
		if (closedNow && note && next.performerId)
			out.push(
				notification(
					next.performerId,
					'learning-feedback',
					'Image-quality learning feedback on an exam you performed',
					`${next.modality} · ${next.accession}: ${note}`.slice(0, 1000),
					'/inbox',
					at,
					`learning:${next.id}`
				)
			);
		return out;
	}
};

/** Derived documents for one accepted write. */
export async function deriveDocuments<N extends CollectionName>(
	q: Queryable,
	collection: N,
	prev: DocOf<N> | null,
	next: DocOf<N>,
	at: string
): Promise<Derived[]> {
	const effect = effects[collection] as Effect<N> | undefined;
	return effect ? effect(q, prev, next, at) : [];
}
