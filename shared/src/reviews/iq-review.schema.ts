import { z } from 'zod';
import { baseDoc, id, isoDateTime, longText, modality, shortText } from '../common.schema.ts';

export const ANSWERS = ['yes', 'no', 'na'] as const;
/**
 * `reassigned`: a lead moved the exam to another reviewer; this record stays with the first
 * reviewer (so their device learns it is no longer theirs) and a new record is created.
 */
export const IQ_STATUSES = ['assigned', 'draft', 'submitted', 'declined', 'reassigned'] as const;
export const ASSESSMENTS = ['agree', 'disagree', 'uncertain'] as const;

export const escalationSchema = z.object({
	status: z.enum(['open', 'closed']),
	assessment: z.enum(ASSESSMENTS).nullable(),
	radiologistConfirmation: longText(1000),
	repeatImaging: z.enum(['unknown', 'required', 'not-required']),
	repeatCoordination: longText(1000),
	incidentRef: shortText(60),
	result: longText(2000),
	/** Non-punitive learning feedback for the technologist who performed the exam (no score). */
	learningNote: longText(1000),
	steps: z
		.array(z.object({ at: isoDateTime, byId: id, action: shortText(60), note: shortText(500) }))
		.max(50)
});

/** One assignment of an exam to a reviewer, and the review once answered. */
export const iqReviewSchema = z.object({
	...baseDoc,
	examId: id,
	accession: shortText(40),
	modality,
	siteId: id,
	examDescription: shortText(200),
	performedAt: isoDateTime,
	reviewerId: id,
	/** Performer is kept for learning feedback; never shown to the reviewer's peers. */
	performerId: id.nullable(),
	period: shortText(10),
	dueOn: shortText(10),
	templateId: id,
	templateVersion: z.number().int().min(1),
	/** The assignment run that created it (server table `iq_assignment_runs`), or '' by hand. */
	runId: shortText(64),
	/** Why this exam went to this reviewer, in words ("why was this assigned to me"). */
	rule: shortText(300),
	status: z.enum(IQ_STATUSES),
	answers: z.record(z.string().max(64), z.enum(ANSWERS)),
	ranking: shortText(40),
	comment: longText(2000),
	attentionRequired: z.boolean(),
	attentionReason: longText(1000),
	declineReason: shortText(500),
	submittedAt: isoDateTime.nullable(),
	escalation: escalationSchema.nullable(),
	roundsCandidate: z.boolean()
});
export type IqReview = z.infer<typeof iqReviewSchema>;

/** The parts of a criteria template a review is checked against. */
export interface ChecklistTemplate {
	retired: boolean;
	rankingScale: string[];
	criteria: { id: string; label: string; allowNa: boolean }[];
}

export interface ReviewProblem {
	field: 'template' | 'answers' | 'ranking' | 'attentionReason' | 'declineReason';
	/** Criterion id when the problem is one answer. */
	criterionId?: string;
	message: string;
}

/**
 * What must hold before a review can be submitted (or declined). Shared: the tablet form shows
 * these, the server refuses a push that breaks them. `template` is the version the review was
 * answered against; undefined when this device or the server does not know it.
 */
export function checkIqReview(
	review: Pick<
		IqReview,
		'status' | 'answers' | 'ranking' | 'attentionRequired' | 'attentionReason' | 'declineReason'
	>,
	template: ChecklistTemplate | undefined
): ReviewProblem[] {
	const out: ReviewProblem[] = [];
	if (review.status === 'declined') {
		if (!review.declineReason.trim())
			out.push({ field: 'declineReason', message: 'Give a reason for declining' });
		return out;
	}
	if (review.status !== 'submitted') return out;
	if (!template)
		return [{ field: 'template', message: 'The checklist for this review is unknown' }];
	if (template.retired)
		out.push({
			field: 'template',
			message:
				'This checklist version has been retired: switch the review to the current version, then submit'
		});
	for (const c of template.criteria) {
		const a = review.answers[c.id];
		if (!a) out.push({ field: 'answers', criterionId: c.id, message: `Answer “${c.label}”` });
		else if (a === 'na' && !c.allowNa)
			out.push({ field: 'answers', criterionId: c.id, message: `“${c.label}” cannot be N/A` });
	}
	const known = new Set(template.criteria.map((c) => c.id));
	if (Object.keys(review.answers).some((k) => !known.has(k)))
		out.push({ field: 'answers', message: 'Some answers are for criteria not in this checklist' });
	if (!template.rankingScale.includes(review.ranking))
		out.push({ field: 'ranking', message: 'Choose an overall ranking' });
	if (review.attentionRequired && !review.attentionReason.trim())
		out.push({ field: 'attentionReason', message: 'Say why attention is required' });
	return out;
}
