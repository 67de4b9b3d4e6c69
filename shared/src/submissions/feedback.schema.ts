import { z } from 'zod';
import { baseDoc, id, isoDateTime, longText, modality, shortText } from '../common.schema.ts';
import { REASONS } from './submission.schema.ts';

export const FEEDBACK_STATUSES = ['draft', 'sent', 'acknowledged'] as const;

/**
 * Feedback from a chief to the original reader about one case. It carries a copy of the
 * case *without* the submitter, so the reader's device never holds the submission itself.
 */
export const feedbackSchema = z.object({
	...baseDoc,
	submissionId: id,
	readerId: id,
	senderId: id,
	sectionId: z.union([id, z.literal('')]),
	kind: z.enum(['feedback', 'recognition']),
	status: z.enum(FEEDBACK_STATUSES),
	message: longText(4000),
	caseSummary: z.object({
		accession: shortText(40),
		modality,
		reason: z.enum(REASONS),
		description: longText(2000),
		teachingPoint: longText(1000)
	}),
	sentAt: isoDateTime.nullable(),
	acknowledgedAt: isoDateTime.nullable(),
	reply: longText(2000),
	repliedAt: isoDateTime.nullable()
});
export type Feedback = z.infer<typeof feedbackSchema>;

/** Where the closed loop stands, for the chief's view. */
export function loopState(f: Feedback): 'draft' | 'awaiting-reader' | 'acknowledged' | 'replied' {
	if (f.status === 'draft') return 'draft';
	if (f.repliedAt) return 'replied';
	if (f.acknowledgedAt) return 'acknowledged';
	return 'awaiting-reader';
}
