import type { z } from 'zod';
import { personSchema } from '../identity/identity.schema.ts';
import { settingsSchema } from '../org/settings.schema.ts';
import { submissionSchema } from '../submissions/submission.schema.ts';
import { feedbackSchema } from '../submissions/feedback.schema.ts';
import { notificationSchema } from '../notifications/notification.schema.ts';
import { examSchema } from '../reviews/exam.schema.ts';
import { iqReviewSchema } from '../reviews/iq-review.schema.ts';
import {
	attendanceSchema,
	caseSchema,
	conferenceSchema
} from '../conferences/conference.schema.ts';
import { qiInitiativeSchema, surveyResponseSchema } from '../reports/qi.schema.ts';

export interface CollectionDef<S extends z.ZodType = z.ZodType> {
	name: string;
	/** Bump together with a migration strategy in the web app when the shape changes. */
	version: number;
	schema: S;
	/** RxDB indexes: every field named here must be a required, bounded string. */
	indexes: string[][];
}

function def<S extends z.ZodType>(
	name: string,
	schema: S,
	indexes: string[][] = [],
	version = 0
): CollectionDef<S> {
	return { name, version, schema, indexes };
}

/**
 * Every replicated collection, in one place: the server's endpoints, the RxDB database and
 * the tests iterate over this. Twelve collections, one under open-source RxDB's limit of 13.
 */
export const collections = {
	people: def('people', personSchema),
	settings: def('settings', settingsSchema, [['kind']]),
	submissions: def('submissions', submissionSchema, [['status']]),
	feedback: def('feedback', feedbackSchema),
	notifications: def('notifications', notificationSchema),
	exams: def('exams', examSchema),
	iq_reviews: def('iq_reviews', iqReviewSchema, [['status']]),
	conferences: def('conferences', conferenceSchema),
	cases: def('cases', caseSchema),
	attendance: def('attendance', attendanceSchema),
	qi_initiatives: def('qi_initiatives', qiInitiativeSchema),
	survey_responses: def('survey_responses', surveyResponseSchema)
} as const;

export type Collections = typeof collections;
export type CollectionName = keyof Collections;
export type DocOf<N extends CollectionName> = z.infer<Collections[N]['schema']>;
export const collectionNames = Object.keys(collections) as CollectionName[];

/** Narrow an arbitrary string to a registered collection name. */
export function isCollectionName(name: string): name is CollectionName {
	return Object.hasOwn(collections, name);
}
