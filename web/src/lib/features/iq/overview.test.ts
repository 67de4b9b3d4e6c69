import { describe, expect, it } from 'vitest';
import { iqReviewFactory } from '@rounds/shared/testing/factories';
import { leadOverview } from './overview.ts';

const today = '2026-03-15';
const reviews = [
	iqReviewFactory({ id: 'us-open', dueOn: '2026-03-31' }),
	iqReviewFactory({ id: 'us-late', dueOn: '2026-03-01', status: 'draft' }),
	iqReviewFactory({ id: 'us-declined', status: 'declined', declineReason: 'COI' }),
	iqReviewFactory({
		id: 'us-flag',
		status: 'submitted',
		attentionRequired: true,
		submittedAt: '2026-03-10T10:00:00.000Z'
	}),
	iqReviewFactory({
		id: 'us-cand',
		status: 'submitted',
		roundsCandidate: true,
		submittedAt: '2026-03-09T10:00:00.000Z'
	}),
	iqReviewFactory({ id: 'ct-open', modality: 'CT' })
];

describe('lead overview', () => {
	it('keeps to the lead’s modalities', () => {
		const o = leadOverview(reviews, ['US'], today);
		expect(o.openByModality).toEqual([
			{ modality: 'US', toDo: 1, started: 1, overdue: 1, declined: 1 }
		]);
		expect(leadOverview(reviews, 'all', today).openByModality.map((r) => r.modality)).toEqual([
			'CT',
			'US'
		]);
	});

	it('lists flagged reviews, those to reassign and rounds candidates', () => {
		const o = leadOverview(reviews, ['US'], today);
		expect(o.attention.map((r) => r.id)).toEqual(['us-flag']);
		expect(o.toReassign.map((r) => r.id).sort()).toEqual(['us-declined', 'us-late']);
		expect(o.candidates.map((r) => r.id)).toEqual(['us-cand']);
	});
});
