import { describe, expect, it } from 'vitest';
import { iqReviewFactory } from '../testing/factories.ts';
import { defaultCriteriaTemplates } from './default-templates.ts';
import type { IqReview } from './iq-review.schema.ts';
import { computeIqAnalytics, periodRange, toAnalyticsReview } from './analytics.ts';

const at = '2026-01-01T00:00:00.000Z';
const defaults = defaultCriteriaTemplates(at);
const usV1 = defaults.find((t) => t.id === 'ct-US-v1')!;
// Version 2 rewords "annotations" (same id) and is the current one.
const usV2 = {
	...usV1,
	id: 'ct-US-v2',
	data: {
		...usV1.data,
		version: 2,
		criteria: usV1.data.criteria.map((c) =>
			c.id === 'annotations' ? { ...c, label: 'Annotations: side, organ, plane' } : c
		)
	}
};
const templates = [{ ...usV1, data: { ...usV1.data, retired: true } }, usV2, ...defaults.slice(1)];
const sites = [
	{ id: 'site-a', name: 'Alpha General' },
	{ id: 'site-b', name: 'Bravo Clinic' }
];

const escalation = (status: 'open' | 'closed'): IqReview['escalation'] => ({
	status,
	assessment: 'agree',
	radiologistConfirmation: 'Confirmed with Dr Synthetic',
	repeatImaging: 'not-required',
	repeatCoordination: '',
	incidentRef: 'INC-SECRET-1',
	result: '',
	learningNote: 'A note for the performer',
	steps: []
});
const march = '2026-03-05T10:00:00.000Z';
const us = (over: Partial<IqReview>) =>
	iqReviewFactory({
		modality: 'US',
		performedAt: march,
		templateId: 'ct-US-v2',
		comment: 'Synthetic comment text',
		accession: 'ACC-PRIVATE-9',
		...over
	});
const ct = (over: Partial<IqReview>) =>
	iqReviewFactory({ modality: 'CT', performedAt: march, templateId: 'ct-CT-v1', ...over });

const reviews: IqReview[] = [
	us({
		siteId: 'site-a',
		status: 'submitted',
		answers: { 'image-set': 'yes', annotations: 'no', probe: 'yes', measurements: 'na' },
		ranking: 'Good',
		attentionRequired: true,
		escalation: escalation('open')
	}),
	us({
		siteId: 'site-a',
		status: 'submitted',
		answers: { 'image-set': 'no', annotations: 'no', probe: 'yes', measurements: 'yes' },
		ranking: 'Good',
		attentionRequired: true,
		escalation: escalation('closed')
	}),
	// Open and past due: overdue; its draft answers never count as unmet.
	us({ siteId: 'site-a', status: 'draft', dueOn: '2026-03-15', answers: { annotations: 'no' } }),
	us({ siteId: 'site-a', status: 'assigned', dueOn: '2026-03-31' }),
	// Handed to someone else: not counted at all (its replacement is).
	us({ siteId: 'site-a', status: 'reassigned', dueOn: '2026-03-01' }),
	us({ siteId: 'site-b', status: 'declined', declineReason: 'Conflict' }),
	us({
		siteId: 'site-b',
		status: 'submitted',
		answers: { 'image-set': 'yes', annotations: 'yes', probe: 'no', measurements: 'na' },
		ranking: 'Excellent'
	}),
	us({
		siteId: 'site-b',
		status: 'submitted',
		answers: { 'image-set': 'yes', annotations: 'no', probe: 'yes', 'old-criterion': 'no' },
		// A label from an older scale is still counted, after the current scale's.
		ranking: 'Fair'
	}),
	ct({
		siteId: 'site-a',
		status: 'submitted',
		answers: { protocol: 'yes', coverage: 'no' },
		ranking: 'Acceptable'
	}),
	ct({ siteId: 'site-a', status: 'assigned', dueOn: '2026-03-10' }),
	// Outside the period, and a modality outside the filter.
	us({ siteId: 'site-a', status: 'submitted', performedAt: '2026-02-28T23:00:00.000Z' }),
	iqReviewFactory({ modality: 'MR', siteId: 'site-a', performedAt: march, status: 'assigned' })
];

const query = { from: '2026-03-01', to: '2026-03-31', today: '2026-03-20' };

describe('IQ analytics', () => {
	const a = computeIqAnalytics(reviews, templates, sites, {
		...query,
		modalities: ['US', 'CT', 'MG']
	});

	it('counts completion per modality, listing every requested modality in program order', () => {
		expect(a.byModality).toEqual([
			{
				modality: 'CT',
				assigned: 2,
				submitted: 1,
				declined: 0,
				open: 1,
				overdue: 1,
				completion: 1 / 2,
				attention: 0,
				escalationsOpen: 0,
				escalationsClosed: 0
			},
			{
				modality: 'US',
				assigned: 7,
				submitted: 4,
				declined: 1,
				open: 2,
				overdue: 1,
				completion: 4 / 7,
				attention: 2,
				escalationsOpen: 1,
				escalationsClosed: 1
			},
			{
				modality: 'MG',
				assigned: 0,
				submitted: 0,
				declined: 0,
				open: 0,
				overdue: 0,
				completion: null,
				attention: 0,
				escalationsOpen: 0,
				escalationsClosed: 0
			}
		]);
		expect(a.totals).toMatchObject({
			assigned: 9,
			submitted: 5,
			declined: 1,
			open: 3,
			overdue: 2,
			completion: 5 / 9
		});
	});

	it('counts per site, named from the site settings', () => {
		expect(a.bySite.map((s) => [s.siteName, s.assigned, s.submitted, s.overdue])).toEqual([
			['Alpha General', 6, 3, 2],
			['Bravo Clinic', 3, 2, 0]
		]);
		expect(a.bySite[1]!.completion).toBe(2 / 3);
	});

	it('ranks unmet criteria over submitted reviews only, ignoring N/A, newest labels', () => {
		expect(a.unmetCriteria.map((u) => [u.modality, u.label, u.unmet, u.answered])).toEqual([
			['CT', 'Scan range covers the region, no excess', 1, 1],
			['CT', 'Protocol appropriate to the indication', 0, 1],
			['US', 'old-criterion', 1, 1],
			['US', 'Annotations: side, organ, plane', 3, 4],
			['US', 'Probe and preset appropriate', 1, 4],
			['US', 'Protocol image set complete', 1, 4],
			['US', 'Measurements present and correctly placed', 0, 1]
		]);
		expect(a.unmetCriteria.find((u) => u.criterionId === 'annotations')!.rate).toBe(0.75);
	});

	it('distributes rankings along the current scale', () => {
		expect(a.rankings).toEqual([
			{
				modality: 'CT',
				counts: [
					{ label: 'Excellent', count: 0 },
					{ label: 'Good', count: 0 },
					{ label: 'Acceptable', count: 1 },
					{ label: 'Unacceptable', count: 0 }
				],
				total: 1
			},
			{
				modality: 'US',
				counts: [
					{ label: 'Excellent', count: 1 },
					{ label: 'Good', count: 2 },
					{ label: 'Acceptable', count: 0 },
					{ label: 'Unacceptable', count: 0 },
					{ label: 'Fair', count: 1 }
				],
				total: 4
			}
		]);
	});

	it('without a modality filter lists the modalities present', () => {
		const all = computeIqAnalytics(reviews, templates, sites, query);
		expect(all.byModality.map((m) => m.modality)).toEqual(['CT', 'MR', 'US']);
		expect(all.totals.assigned).toBe(10);
	});

	it('says nothing about who reviewed or performed, and carries no free text', () => {
		const text = JSON.stringify(computeIqAnalytics(reviews, templates, sites, query));
		for (const secret of [
			'p-reviewer',
			'p-performer',
			'ACC-PRIVATE-9',
			'Synthetic comment',
			'Dr Synthetic',
			'INC-SECRET-1',
			'A note for the performer',
			'Conflict',
			'exam-1'
		])
			expect(text).not.toContain(secret);
		expect(Object.keys(toAnalyticsReview(reviews[0]!)).sort()).toEqual(
			[
				'answers',
				'attentionRequired',
				'dueOn',
				'escalation',
				'modality',
				'performedAt',
				'ranking',
				'siteId',
				'status',
				'templateId'
			].sort()
		);
		expect(toAnalyticsReview(reviews[0]!).escalation).toEqual({ status: 'open' });
	});
});

describe('analytics periods', () => {
	it('finds the month, quarter or year of a day and steps across years', () => {
		expect(periodRange('month', '2026-03-15')).toEqual({
			kind: 'month',
			from: '2026-03-01',
			to: '2026-03-31',
			key: '2026-03'
		});
		expect(periodRange('month', '2026-03-15', -3)).toMatchObject({
			from: '2025-12-01',
			to: '2025-12-31',
			key: '2025-12'
		});
		expect(periodRange('month', '2028-02-01').to).toBe('2028-02-29');
		expect(periodRange('quarter', '2026-02-10')).toMatchObject({
			from: '2026-01-01',
			to: '2026-03-31',
			key: '2026-Q1'
		});
		expect(periodRange('quarter', '2026-02-10', -1)).toMatchObject({
			from: '2025-10-01',
			to: '2025-12-31',
			key: '2025-Q4'
		});
		expect(periodRange('quarter', '2026-12-31', 1).key).toBe('2027-Q1');
		expect(periodRange('year', '2026-07-01', -1)).toEqual({
			kind: 'year',
			from: '2025-01-01',
			to: '2025-12-31',
			key: '2025'
		});
	});
});
