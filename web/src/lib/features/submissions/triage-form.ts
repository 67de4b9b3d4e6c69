import {
	type CARE_ACTIONS,
	type CONFERENCE_FLAGS,
	type ERROR_CATEGORIES,
	type SIGNIFICANCE,
	type Submission,
	type Triage
} from '@rounds/shared/submissions/submission.schema';

type CareAction = (typeof CARE_ACTIONS)[number];

/** What the chief edits on a case. Everything else of the submission is the submitter's. */
export interface TriageForm {
	sectionId: string;
	findingType: string;
	errorCategory: (typeof ERROR_CATEGORIES)[number];
	clinicalSignificance: (typeof SIGNIFICANCE)[number];
	actionsDone: CareAction[];
	conferenceFlag: (typeof CONFERENCE_FLAGS)[number];
	qiInitiativeId: string;
	notes: string;
}

/** Patient-care actions a chief can mark done ("none" is not an action). */
export const DOABLE_ACTIONS = ['addendum', 'contact-referrer'] as const;
export const FINDING_TYPE_MAX = 120;

export function triageFormOf(s: Submission): TriageForm {
	return {
		sectionId: s.sectionId,
		findingType: s.triage.findingType,
		errorCategory: s.triage.errorCategory,
		clinicalSignificance: s.triage.clinicalSignificance,
		actionsDone: [...s.triage.actionsDone],
		conferenceFlag: s.triage.conferenceFlag,
		qiInitiativeId: s.triage.qiInitiativeId ?? '',
		notes: s.triage.notes
	};
}

/** System failures go to department-level conferences; everything else to the section's. */
export function defaultConferenceLevel(reason: Submission['reason']): 'section' | 'department' {
	return reason === 'system-issue' ? 'department' : 'section';
}

/** The care action the submitter asked for that is not marked done yet, if any. */
export function outstandingCareAction(
	s: Pick<Submission, 'careAction'>,
	f: Pick<TriageForm, 'actionsDone'>
): CareAction | null {
	if (!s.careAction || s.careAction === 'none') return null;
	return f.actionsDone.includes(s.careAction) ? null : s.careAction;
}

export type TriageAction = 'save' | 'close' | 'reopen';

/**
 * The change a triage action makes. Only `status`, `triage` and `sectionId` are returned:
 * the server refuses any other change by a chief (shared/src/sync/access.ts).
 */
export function triageChange(
	s: Submission,
	f: TriageForm,
	action: TriageAction,
	actorId: string,
	now: string
): Pick<Submission, 'status' | 'triage' | 'sectionId'> {
	const triage: Triage = {
		findingType: f.findingType.trim(),
		errorCategory: f.errorCategory,
		clinicalSignificance: f.clinicalSignificance,
		actionsDone: DOABLE_ACTIONS.filter((a) => f.actionsDone.includes(a)),
		conferenceFlag: f.conferenceFlag,
		qiInitiativeId: f.qiInitiativeId || null,
		notes: f.notes,
		triagedById: actorId,
		triagedAt: now,
		closedAt: s.triage.closedAt
	};
	if (action === 'close')
		return { sectionId: f.sectionId, status: 'closed', triage: { ...triage, closedAt: now } };
	if (action === 'reopen')
		return { sectionId: f.sectionId, status: 'in-review', triage: { ...triage, closedAt: null } };
	return {
		sectionId: f.sectionId,
		status: s.status === 'closed' ? 'closed' : 'in-review',
		triage
	};
}
