import { z } from 'zod';
import { baseDoc, id, isoDate, longText, shortText } from '../common.schema.ts';

export const qiInitiativeSchema = z.object({
	...baseDoc,
	title: shortText(200).min(1),
	ownerId: id,
	status: z.enum(['proposed', 'active', 'completed', 'abandoned']),
	originKind: z.enum(['submission', 'conference', 'iq-review', 'other']),
	/** Counts only: origins are not linked to individual cases outside the triage view. */
	startedOn: isoDate.nullable(),
	completedOn: isoDate.nullable(),
	outcome: longText(2000)
});
export type QiInitiative = z.infer<typeof qiInitiativeSchema>;

export const surveyResponseSchema = z.object({
	...baseDoc,
	surveyId: shortText(64),
	answers: z.record(z.string().max(64), z.union([z.number().int().min(1).max(5), shortText(2000)]))
});
export type SurveyResponse = z.infer<typeof surveyResponseSchema>;
