import type { IqReview } from '@rounds/shared/reviews/iq-review.schema';

export type Escalation = NonNullable<IqReview['escalation']>;
export type EscalationForm = Omit<Escalation, 'status' | 'steps'>;
export type EscalationField = keyof EscalationForm;
export interface EscalationProblem {
	field: EscalationField;
	key: string;
}

export const TEXT_MAX = {
	radiologistConfirmation: 1000,
	repeatCoordination: 1000,
	incidentRef: 60,
	result: 2000,
	learningNote: 1000
} as const;

const EMPTY: EscalationForm = {
	assessment: null,
	radiologistConfirmation: '',
	repeatImaging: 'unknown',
	repeatCoordination: '',
	incidentRef: '',
	result: '',
	learningNote: ''
};

/** Reviews whose attention flag is waiting on a lead (no escalation yet, or one still open). */
export const needsLead = (r: IqReview): boolean =>
	r.status === 'submitted' && r.attentionRequired && r.escalation?.status !== 'closed';

export function escalationForm(r: IqReview): EscalationForm {
	if (!r.escalation) return { ...EMPTY };
	const e = r.escalation;
	return {
		assessment: e.assessment,
		radiologistConfirmation: e.radiologistConfirmation,
		repeatImaging: e.repeatImaging,
		repeatCoordination: e.repeatCoordination,
		incidentRef: e.incidentRef,
		result: e.result,
		learningNote: e.learningNote
	};
}

/** Agreeing or being unsure means following up with the radiologist; disagreeing ends it. */
export const followsUp = (f: Pick<EscalationForm, 'assessment'>): boolean =>
	f.assessment === 'agree' || f.assessment === 'uncertain';

/** What closing needs: the workflow of DOMAIN.md, workflow A step 4. */
export function closeProblems(f: EscalationForm): EscalationProblem[] {
	const out: EscalationProblem[] = [];
	if (!f.assessment) return [{ field: 'assessment', key: 'assessment' }];
	if (!followsUp(f)) return out;
	if (!f.radiologistConfirmation.trim())
		out.push({ field: 'radiologistConfirmation', key: 'confirmation' });
	if (f.repeatImaging === 'unknown') out.push({ field: 'repeatImaging', key: 'repeat' });
	if (f.repeatImaging === 'required' && !f.repeatCoordination.trim())
		out.push({ field: 'repeatCoordination', key: 'coordination' });
	if (!f.result.trim()) out.push({ field: 'result', key: 'result' });
	if (!f.learningNote.trim()) out.push({ field: 'learningNote', key: 'learningNote' });
	return out;
}

/** Steps for what changed, each timestamped and attributed. */
function stepsFor(prev: EscalationForm, next: EscalationForm, byId: string, at: string) {
	const steps: Escalation['steps'] = [];
	const add = (action: string, note = '') => steps.push({ at, byId, action, note });
	if (prev.assessment !== next.assessment && next.assessment) add('assessed', next.assessment);
	if (prev.radiologistConfirmation.trim() !== next.radiologistConfirmation.trim())
		add('radiologist-confirmed');
	if (prev.repeatImaging !== next.repeatImaging) add('repeat-imaging', next.repeatImaging);
	if (prev.repeatCoordination.trim() !== next.repeatCoordination.trim()) add('repeat-coordinated');
	if (prev.incidentRef.trim() !== next.incidentRef.trim() && next.incidentRef.trim())
		add('incident-review', next.incidentRef.trim());
	if (prev.result.trim() !== next.result.trim()) add('result-recorded');
	if (prev.learningNote.trim() !== next.learningNote.trim()) add('learning-note');
	return steps;
}

const trimmed = (f: EscalationForm): EscalationForm => ({
	...f,
	radiologistConfirmation: f.radiologistConfirmation.trim(),
	repeatCoordination: f.repeatCoordination.trim(),
	incidentRef: f.incidentRef.trim(),
	result: f.result.trim(),
	learningNote: f.learningNote.trim()
});

/**
 * The review with its escalation saved (`close` false) or closed. Closing checks the workflow;
 * saving never does, so a lead can record each step as it happens. Nothing changes → null.
 */
export function saveEscalation(
	r: IqReview,
	form: EscalationForm,
	byId: string,
	at: string,
	close: boolean
): { doc: IqReview | null; problems: EscalationProblem[] } {
	const next = trimmed(form);
	if (close) {
		const problems = closeProblems(next);
		if (problems.length) return { doc: null, problems };
	}
	const prevSteps = r.escalation?.steps ?? [];
	const steps = stepsFor(escalationForm(r), next, byId, at);
	if (close) steps.push({ at, byId, action: 'closed', note: '' });
	if (!steps.length) return { doc: null, problems: [] };
	// The schema keeps at most 50 steps: the earliest are the ones to let go.
	const all = [...prevSteps, ...steps].slice(-50);
	return {
		doc: {
			...r,
			updatedAt: at,
			escalation: { ...next, status: close ? 'closed' : 'open', steps: all }
		},
		problems: []
	};
}

/** A closed escalation reopened (a step recorded, nothing erased). */
export function reopenEscalation(r: IqReview, byId: string, at: string): IqReview | null {
	if (r.escalation?.status !== 'closed') return null;
	return {
		...r,
		updatedAt: at,
		escalation: {
			...r.escalation,
			status: 'open',
			steps: [...r.escalation.steps, { at, byId, action: 'reopened', note: '' }].slice(-50)
		}
	};
}
