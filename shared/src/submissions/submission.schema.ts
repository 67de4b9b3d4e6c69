import { z } from 'zod';
import {
	baseDoc,
	id,
	isoDate,
	isoDateTime,
	longText,
	modality,
	shortText
} from '../common.schema.ts';

export const DISCREPANCY_TYPES = [
	'perception',
	'interpretation',
	'communication',
	'technique',
	'recommendation'
] as const;
export const REASONS = [
	'discrepancy',
	'great-call',
	'near-miss',
	'interesting-case',
	'system-issue'
] as const;
export const SOURCES = [
	'prior-comparison',
	'mdc-tumor-board',
	'trainee-call',
	'clinician-patient-feedback',
	'pathology-discrepancy',
	'event-report',
	'other'
] as const;
export const CARE_ACTIONS = ['addendum', 'contact-referrer', 'none'] as const;
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'in-review', 'closed'] as const;
export const CONFERENCE_FLAGS = ['none', 'section', 'department'] as const;
export const SIGNIFICANCE = ['none', 'minor', 'moderate', 'major'] as const;
export const ERROR_CATEGORIES = [
	'none',
	'perceptual',
	'cognitive',
	'communication',
	'technical',
	'system'
] as const;

export const TEXT_LIMITS = { description: 2000, teachingPoint: 1000, notes: 2000 } as const;

export const triageSchema = z.object({
	findingType: shortText(120),
	errorCategory: z.enum(ERROR_CATEGORIES),
	clinicalSignificance: z.enum(SIGNIFICANCE),
	actionsDone: z.array(z.enum(CARE_ACTIONS)).max(3),
	conferenceFlag: z.enum(CONFERENCE_FLAGS),
	qiInitiativeId: id.nullable(),
	notes: longText(TEXT_LIMITS.notes),
	triagedById: id.nullable(),
	triagedAt: isoDateTime.nullable(),
	closedAt: isoDateTime.nullable()
});
export type Triage = z.infer<typeof triageSchema>;

export const emptyTriage = (): Triage => ({
	findingType: '',
	errorCategory: 'none',
	clinicalSignificance: 'none',
	actionsDone: [],
	conferenceFlag: 'none',
	qiInitiativeId: null,
	notes: '',
	triagedById: null,
	triagedAt: null,
	closedAt: null
});

/**
 * A learning opportunity. Replicated only to its submitter, the chiefs of its section and
 * the director: never to the original reader (who gets a `feedback` document instead).
 */
export const submissionSchema = z.object({
	...baseDoc,
	submitterId: id,
	status: z.enum(SUBMISSION_STATUSES),
	accession: shortText(40),
	siteId: id,
	modality,
	/** Empty string: unrouted, goes to the director's queue. */
	sectionId: z.union([id, z.literal('')]),
	reason: z.enum(REASONS),
	discrepancyType: z.enum(DISCREPANCY_TYPES).nullable(),
	source: z.enum(SOURCES),
	description: longText(TEXT_LIMITS.description),
	teachingPoint: longText(TEXT_LIMITS.teachingPoint),
	/** Could this case affect the patient's care? When true, action and attestation are required. */
	mayAffectCare: z.boolean(),
	careAction: z.enum(CARE_ACTIONS).nullable(),
	attested: z.boolean(),
	originalReaderId: id.nullable(),
	followUpOn: isoDate.nullable(),
	submittedAt: isoDateTime.nullable(),
	triage: triageSchema
});
export type Submission = z.infer<typeof submissionSchema>;

export interface SubmissionContext {
	/** Accession pattern per site id. */
	accessionPatternOf(siteId: string): string | undefined;
	/** Whether the person exists, is active and is a radiologist. */
	isRadiologist(personId: string): boolean;
}

export interface FieldError {
	field: string;
	message: string;
}

/**
 * Rules a submitted (non-draft) learning opportunity must satisfy beyond its shape.
 * Used by the form (inline messages) and by the server (4xx); pure.
 */
export function checkSubmission(doc: Submission, ctx: SubmissionContext): FieldError[] {
	const errors: FieldError[] = [];
	if (doc.status === 'draft') return errors;
	const pattern = ctx.accessionPatternOf(doc.siteId);
	if (pattern === undefined) errors.push({ field: 'siteId', message: 'Unknown site' });
	if (!doc.accession) errors.push({ field: 'accession', message: 'Accession number is required' });
	else if (pattern !== undefined && !new RegExp(`^(?:${pattern})$`).test(doc.accession))
		errors.push({
			field: 'accession',
			message: 'Accession number does not match this site’s format'
		});
	if (doc.reason === 'discrepancy' && !doc.discrepancyType)
		errors.push({ field: 'discrepancyType', message: 'Choose the kind of discrepancy' });
	if (doc.reason !== 'discrepancy' && doc.discrepancyType)
		errors.push({ field: 'discrepancyType', message: 'Only discrepancies have a kind' });
	if (!doc.description.trim()) errors.push({ field: 'description', message: 'Describe the case' });
	if (doc.mayAffectCare) {
		if (!doc.careAction)
			errors.push({ field: 'careAction', message: 'Choose the patient-care action needed' });
		if (!doc.attested)
			errors.push({
				field: 'attested',
				message: 'Confirm that optimal patient care has been ensured'
			});
	}
	if (doc.originalReaderId && !ctx.isRadiologist(doc.originalReaderId))
		errors.push({
			field: 'originalReaderId',
			message: 'The original reader must be a radiologist'
		});
	if (doc.originalReaderId && doc.originalReaderId === doc.submitterId)
		errors.push({ field: 'originalReaderId', message: 'You cannot be the original reader' });
	return errors;
}

/** Reasons that may need a patient-care action. */
export function mayNeedCareAction(reason: Submission['reason']): boolean {
	return reason === 'discrepancy' || reason === 'near-miss';
}
