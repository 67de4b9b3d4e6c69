import { loopState, type Feedback } from '@rounds/shared/submissions/feedback.schema';
import type { Submission } from '@rounds/shared/submissions/submission.schema';

export type CaseSummary = Feedback['caseSummary'];
export type LoopState = ReturnType<typeof loopState>;
export const MESSAGE_MAX = 4000;
export const REPLY_MAX = 2000;

/**
 * What the reader is shown of a case. Built field by field from an allow-list, so nothing
 * identifying the submitter (id, name, triage notes) can slip into the reader's copy.
 */
export function caseSummaryOf(s: Submission): CaseSummary {
	return {
		accession: s.accession,
		modality: s.modality,
		reason: s.reason,
		description: s.description,
		teachingPoint: s.teachingPoint
	};
}

/** Great calls are shared as recognition; everything else as feedback. */
export function defaultKind(reason: Submission['reason']): Feedback['kind'] {
	return reason === 'great-call' ? 'recognition' : 'feedback';
}

/**
 * Fills a template's placeholders from the case summary: {accession}, {modality}, {reason},
 * {teachingPoint}. Unknown placeholders are left for the chief to see and edit.
 */
export function fillTemplate(
	body: string,
	summary: CaseSummary,
	labels: { reason: string; modality: string }
): string {
	const values: Record<string, string> = {
		accession: summary.accession,
		modality: labels.modality,
		reason: labels.reason,
		teachingPoint: summary.teachingPoint
	};
	return body.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);
}

export interface NewFeedback {
	id: string;
	now: string;
	submission: Submission;
	senderId: string;
	kind: Feedback['kind'];
	message: string;
	summary: CaseSummary;
}

/** The feedback document a chief sends; the server derives the reader's notification. */
export function newFeedback(n: NewFeedback): Feedback | null {
	const readerId = n.submission.originalReaderId;
	if (!readerId) return null;
	return {
		id: n.id,
		createdAt: n.now,
		updatedAt: n.now,
		submissionId: n.submission.id,
		readerId,
		senderId: n.senderId,
		sectionId: n.submission.sectionId,
		kind: n.kind,
		status: 'sent',
		message: n.message.trim(),
		caseSummary: {
			...n.summary,
			description: n.summary.description.trim(),
			teachingPoint: n.summary.teachingPoint.trim()
		},
		sentAt: n.now,
		acknowledgedAt: null,
		reply: '',
		repliedAt: null
	};
}

/** Feedback sent about one case, the newest first. */
export function feedbackAbout<F extends Feedback>(all: readonly F[], submissionId: string): F[] {
	return all
		.filter((f) => f.submissionId === submissionId)
		.sort((a, b) => (b.sentAt ?? b.createdAt).localeCompare(a.sentAt ?? a.createdAt));
}

/** The loop state of the newest sent feedback about each case, for the board. */
export function loopStates(all: readonly Feedback[]): Map<string, LoopState> {
	const latest = new Map<string, Feedback>();
	for (const f of all) {
		if (f.status === 'draft') continue;
		const prev = latest.get(f.submissionId);
		if (!prev || (f.sentAt ?? f.createdAt) > (prev.sentAt ?? prev.createdAt))
			latest.set(f.submissionId, f);
	}
	return new Map([...latest].map(([id, f]) => [id, loopState(f)]));
}

/** Feedback a reader has received, unacknowledged first, then the newest. */
export function receivedBy<F extends Feedback>(all: readonly F[], readerId: string): F[] {
	return all
		.filter((f) => f.readerId === readerId && f.status !== 'draft')
		.sort(
			(a, b) =>
				Number(a.acknowledgedAt !== null) - Number(b.acknowledgedAt !== null) ||
				(b.sentAt ?? b.createdAt).localeCompare(a.sentAt ?? a.createdAt)
		);
}

/** The reader's acknowledgement: only the fields the server lets a reader change. */
export function acknowledgeChange(
	f: Feedback,
	now: string
): Pick<Feedback, 'status' | 'acknowledgedAt'> {
	return { status: 'acknowledged', acknowledgedAt: f.acknowledgedAt ?? now };
}

/** A reply also acknowledges. `null` when there is nothing to send. */
export function replyChange(
	f: Feedback,
	reply: string,
	now: string
): Pick<Feedback, 'status' | 'acknowledgedAt' | 'reply' | 'repliedAt'> | null {
	const text = reply.trim();
	if (!text || text.length > REPLY_MAX) return null;
	return { ...acknowledgeChange(f, now), reply: text, repliedAt: now };
}
