import { z } from 'zod';
import { baseDoc, id, isoDateTime, longText, modality, shortText } from '../common.schema.ts';

export const ANSWERS = ['yes', 'no', 'na'] as const;
export const IQ_STATUSES = ['assigned', 'draft', 'submitted', 'declined'] as const;
export const ASSESSMENTS = ['agree', 'disagree', 'uncertain'] as const;

export const escalationSchema = z.object({
	status: z.enum(['open', 'closed']),
	assessment: z.enum(ASSESSMENTS).nullable(),
	radiologistConfirmation: longText(1000),
	repeatImaging: z.enum(['unknown', 'required', 'not-required']),
	repeatCoordination: longText(1000),
	incidentRef: shortText(60),
	result: longText(2000),
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
