import { describe, expect, it } from 'vitest';
import { defaultCriteriaTemplates } from '@rounds/shared/reviews/default-templates';
import { iqReviewFactory } from '@rounds/shared/testing/factories';
import {
	asDeclined,
	asSubmitted,
	currentTemplate,
	dueState,
	formFromReview,
	myReviews,
	switchTemplate,
	viewerUrl
} from './review-form.ts';

const NOW = '2026-03-10T10:00:00.000Z';
const templates = defaultCriteriaTemplates(NOW);
const usV1 = templates.find((t) => t.id === 'ct-US-v1')!;
const usV2 = {
	...usV1,
	id: 'ct-US-v2',
	data: {
		...usV1.data,
		version: 2,
		rankingScale: ['Diagnostic', 'Limited', 'Non-diagnostic'],
		criteria: [
			...usV1.data.criteria.filter((c) => c.id !== 'doppler'),
			{ id: 'cine', label: 'Cine clips stored', allowNa: false }
		]
	}
};
const ALL_YES = Object.fromEntries(usV1.data.criteria.map((c) => [c.id, 'yes' as const]));

describe('review form', () => {
	it('submits a complete review with the time and trimmed text', () => {
		const r = iqReviewFactory();
		const f = { ...formFromReview(r), answers: ALL_YES, ranking: 'Good', comment: '  fine ' };
		const { doc, problems } = asSubmitted(r, f, usV1.data, NOW);
		expect(problems).toEqual([]);
		expect(doc).toMatchObject({ status: 'submitted', submittedAt: NOW, comment: 'fine' });
	});

	it('names every unanswered criterion and a missing ranking', () => {
		const r = iqReviewFactory();
		const { doc, problems } = asSubmitted(r, formFromReview(r), usV1.data, NOW);
		expect(doc).toBeNull();
		expect(problems.filter((p) => p.field === 'answers')).toHaveLength(usV1.data.criteria.length);
		expect(problems.some((p) => p.field === 'ranking')).toBe(true);
	});

	it('drops the attention reason when attention is not required', () => {
		const r = iqReviewFactory();
		const f = {
			...formFromReview(r),
			answers: ALL_YES,
			ranking: 'Good',
			attentionRequired: false,
			attentionReason: 'left over'
		};
		expect(asSubmitted(r, f, usV1.data, NOW).doc?.attentionReason).toBe('');
	});

	it('needs a reason to decline', () => {
		const r = iqReviewFactory();
		expect(asDeclined(r, '  ', NOW).doc).toBeNull();
		expect(asDeclined(r, 'I am related to the patient', NOW).doc?.status).toBe('declined');
	});

	it('switching to a new version keeps answers to shared criteria only', () => {
		const r = iqReviewFactory();
		const f = {
			...formFromReview(r),
			answers: { ...ALL_YES, doppler: 'na' as const },
			ranking: 'Good'
		};
		const { form, doc } = switchTemplate(r, f, usV2, NOW);
		expect(Object.keys(form.answers)).not.toContain('doppler');
		expect(form.answers['image-set']).toBe('yes');
		expect(form.ranking).toBe('');
		expect(doc).toMatchObject({ templateId: 'ct-US-v2', templateVersion: 2, status: 'draft' });
	});

	it('finds the current version, ignoring retired ones', () => {
		const retired = { ...usV1, data: { ...usV1.data, retired: true } };
		expect(currentTemplate([retired, usV2], 'US')?.id).toBe('ct-US-v2');
		expect(currentTemplate([retired], 'US')).toBeUndefined();
	});

	it('tells overdue, due soon and later apart', () => {
		const r = (dueOn: string) => iqReviewFactory({ dueOn });
		expect(dueState(r('2026-03-09'), '2026-03-10')).toBe('overdue');
		expect(dueState(r('2026-03-13'), '2026-03-10')).toBe('soon');
		expect(dueState(r('2026-03-14'), '2026-03-10')).toBe('later');
		expect(dueState({ ...r('2026-03-01'), status: 'submitted' }, '2026-03-10')).toBe('done');
	});

	it('lists my open reviews by due date and hides other people’s', () => {
		const list = myReviews(
			[
				iqReviewFactory({ id: 'b', dueOn: '2026-03-20' }),
				iqReviewFactory({ id: 'a', dueOn: '2026-03-15' }),
				iqReviewFactory({ id: 'x', reviewerId: 'someone-else' }),
				iqReviewFactory({ id: 'd', status: 'submitted', submittedAt: NOW })
			],
			'p-reviewer'
		);
		expect(list.open.map((r) => r.id)).toEqual(['a', 'b']);
		expect(list.done.map((r) => r.id)).toEqual(['d']);
	});

	it('builds viewer links only from an http(s) template with the placeholder', () => {
		expect(viewerUrl('https://pacs.example/v?acc={accession}', 'LG 1/2')).toBe(
			'https://pacs.example/v?acc=LG%201%2F2'
		);
		expect(viewerUrl('javascript:alert({accession})', 'x')).toBeNull();
		expect(viewerUrl('https://pacs.example/v', 'x')).toBeNull();
	});
});
