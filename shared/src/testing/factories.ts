import type { Person } from '../identity/identity.schema.ts';
import { emptyTriage, type Submission } from '../submissions/submission.schema.ts';
import type { Feedback } from '../submissions/feedback.schema.ts';
import type { Settings } from '../org/settings.schema.ts';
import type { Exam } from '../reviews/exam.schema.ts';
import type { IqReview } from '../reviews/iq-review.schema.ts';

const T0 = '2026-03-02T09:00:00.000Z';
let counter = 0;
/** Unique, readable ids for tests. */
export const nextId = (prefix: string) => `${prefix}-${++counter}`;

/** A person; override what the test is about. */
export function personFactory(over: Partial<Person> = {}): Person {
	const id = over.id ?? nextId('person');
	return {
		id,
		createdAt: T0,
		updatedAt: T0,
		email: `${id}@example.test`,
		name: `Test ${id}`,
		roles: ['radiologist'],
		siteIds: ['site-lg'],
		sectionIds: ['sec-chest'],
		modalities: ['CT'],
		chiefOfSectionIds: [],
		leadOfModalities: [],
		fte: 1,
		active: true,
		locale: 'en',
		...over
	};
}

export function siteFactory(over: Partial<Settings> = {}): Settings {
	return {
		id: over.id ?? nextId('site'),
		createdAt: T0,
		updatedAt: T0,
		kind: 'site',
		name: 'Lakeshore General',
		active: true,
		data: {
			hospital: 'Lakeshore General',
			satellite: false,
			accessionPattern: 'LG\\d{8}',
			accessionExample: 'LG20260001'
		},
		...over
	};
}

/** A submitted learning opportunity (status `submitted`) by `submitterId`. */
export function submissionFactory(over: Partial<Submission> = {}): Submission {
	return {
		id: over.id ?? nextId('sub'),
		createdAt: T0,
		updatedAt: T0,
		submitterId: 'person-submitter',
		status: 'submitted',
		accession: 'LG20260001',
		siteId: 'site-lg',
		modality: 'CT',
		sectionId: 'sec-chest',
		reason: 'discrepancy',
		discrepancyType: 'perception',
		source: 'prior-comparison',
		description: 'Subtle nodule visible in retrospect on the prior study.',
		teachingPoint: 'Compare with priors at the lung apices.',
		mayAffectCare: false,
		careAction: null,
		attested: false,
		originalReaderId: null,
		followUpOn: null,
		submittedAt: T0,
		triage: emptyTriage(),
		...over
	};
}

export function feedbackFactory(over: Partial<Feedback> = {}): Feedback {
	return {
		id: over.id ?? nextId('fb'),
		createdAt: T0,
		updatedAt: T0,
		submissionId: 'sub-1',
		readerId: 'person-reader',
		senderId: 'person-chief',
		sectionId: 'sec-chest',
		kind: 'feedback',
		status: 'sent',
		message: 'Thank you for reviewing this case with us.',
		caseSummary: {
			accession: 'LG20260001',
			modality: 'CT',
			reason: 'discrepancy',
			description: 'Subtle nodule.',
			teachingPoint: 'Compare with priors.'
		},
		sentAt: T0,
		acknowledgedAt: null,
		reply: '',
		repliedAt: null,
		...over
	};
}

export function examFactory(over: Partial<Exam> = {}): Exam {
	const id = over.id ?? nextId('exam');
	return {
		id,
		createdAt: '2026-03-01T09:00:00.000Z',
		updatedAt: '2026-03-01T09:00:00.000Z',
		accession: 'LG26000001',
		modality: 'US',
		siteId: 'site-lg',
		performedAt: '2026-03-01T08:30:00.000Z',
		performerId: null,
		readerId: null,
		description: 'US abdomen complete',
		importBatchId: 'test',
		...over
	};
}

/** An assigned, unanswered review against the shipped ultrasound checklist (`ct-US-v1`). */
export function iqReviewFactory(over: Partial<IqReview> = {}): IqReview {
	const id = over.id ?? nextId('iq');
	return {
		id,
		createdAt: '2026-03-01T09:00:00.000Z',
		updatedAt: '2026-03-01T09:00:00.000Z',
		examId: 'exam-1',
		accession: 'LG26000001',
		modality: 'US',
		siteId: 'site-lg',
		examDescription: 'US abdomen complete',
		performedAt: '2026-03-01T08:30:00.000Z',
		reviewerId: 'p-reviewer',
		performerId: 'p-performer',
		period: '2026-03',
		dueOn: '2026-03-31',
		templateId: 'ct-US-v1',
		templateVersion: 1,
		runId: '',
		rule: 'Assigned by hand for a test',
		status: 'assigned',
		answers: {},
		ranking: '',
		comment: '',
		attentionRequired: false,
		attentionReason: '',
		declineReason: '',
		submittedAt: null,
		escalation: null,
		roundsCandidate: false,
		...over
	};
}
