import { describe, expect, it } from 'vitest';
import { iqReviewFactory } from '@rounds/shared/testing/factories';
import { iqReviewSchema } from '@rounds/shared/reviews/iq-review.schema';
import {
	closeProblems,
	escalationForm,
	needsLead,
	reopenEscalation,
	saveEscalation,
	type EscalationForm
} from './escalation.ts';

const T1 = '2026-03-10T10:00:00.000Z';
const T2 = '2026-03-11T10:00:00.000Z';
const flagged = iqReviewFactory({
	status: 'submitted',
	attentionRequired: true,
	attentionReason: 'Liver not imaged',
	submittedAt: T1
});
const complete: EscalationForm = {
	assessment: 'agree',
	radiologistConfirmation: 'Confirmed with Dr Reader: liver views needed.',
	repeatImaging: 'required',
	repeatCoordination: 'Booked Friday 9:00.',
	incidentRef: 'IR-2026-031',
	result: 'Repeat done; no abnormality.',
	learningNote: 'Include liver views in every abdominal protocol set.'
};

describe('escalation workflow', () => {
	it('waits on a lead until closed', () => {
		expect(needsLead(flagged)).toBe(true);
		expect(needsLead({ ...flagged, attentionRequired: false })).toBe(false);
		const closed = saveEscalation(flagged, complete, 'lead', T2, true).doc!;
		expect(needsLead(closed)).toBe(false);
	});

	it('records each step as it happens, attributed and timestamped, and stays valid', () => {
		const step1 = saveEscalation(
			flagged,
			{ ...escalationForm(flagged), assessment: 'uncertain' },
			'lead',
			T1,
			false
		).doc!;
		expect(step1.escalation).toMatchObject({ status: 'open', assessment: 'uncertain' });
		expect(step1.escalation!.steps).toEqual([
			{ at: T1, byId: 'lead', action: 'assessed', note: 'uncertain' }
		]);
		const step2 = saveEscalation(step1, complete, 'lead', T2, true).doc!;
		expect(step2.escalation!.steps.map((s) => s.action)).toEqual([
			'assessed',
			'assessed',
			'radiologist-confirmed',
			'repeat-imaging',
			'repeat-coordinated',
			'incident-review',
			'result-recorded',
			'learning-note',
			'closed'
		]);
		expect(iqReviewSchema.safeParse(step2).success).toBe(true);
	});

	it('saving without a change records nothing', () => {
		expect(saveEscalation(flagged, escalationForm(flagged), 'lead', T1, false).doc).toBeNull();
	});

	it('a lead who disagrees closes with the assessment alone', () => {
		const f = { ...escalationForm(flagged), assessment: 'disagree' as const };
		expect(closeProblems(f)).toEqual([]);
		expect(saveEscalation(flagged, f, 'lead', T1, true).doc?.escalation?.status).toBe('closed');
	});

	it('agreeing needs the radiologist, the repeat decision, the result and the learning note', () => {
		const f = { ...escalationForm(flagged), assessment: 'agree' as const };
		expect(closeProblems(f).map((p) => p.field)).toEqual([
			'radiologistConfirmation',
			'repeatImaging',
			'result',
			'learningNote'
		]);
		expect(closeProblems({ ...complete, repeatCoordination: ' ' }).map((p) => p.field)).toEqual([
			'repeatCoordination'
		]);
		expect(
			closeProblems({ ...complete, repeatImaging: 'not-required', repeatCoordination: '' })
		).toEqual([]);
		expect(closeProblems(escalationForm(flagged)).map((p) => p.field)).toEqual(['assessment']);
	});

	it('reopens with a step, erasing nothing', () => {
		const closed = saveEscalation(flagged, complete, 'lead', T1, true).doc!;
		const again = reopenEscalation(closed, 'director', T2)!;
		expect(again.escalation).toMatchObject({ status: 'open', result: complete.result });
		expect(again.escalation!.steps.at(-1)).toEqual({
			at: T2,
			byId: 'director',
			action: 'reopened',
			note: ''
		});
	});
});
