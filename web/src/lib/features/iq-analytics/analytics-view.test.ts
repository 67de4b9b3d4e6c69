import { describe, expect, it } from 'vitest';
import type { UnmetCriterion } from '@rounds/shared/reviews/analytics';
import {
	analyticsSource,
	analyticsUrl,
	barWidth,
	defaultChoice,
	modalitiesOf,
	topUnmet
} from './analytics-view.ts';

const lead = {
	roles: ['modality_quality_lead' as const],
	leadOfModalities: ['US' as const, 'MG' as const]
};
const director = { roles: ['peer_learning_director' as const], leadOfModalities: [] };
const leadership = { roles: ['leadership_viewer' as const], leadOfModalities: [] };

describe('analytics view', () => {
	it('computes locally for leads and the director, asks the server for leadership', () => {
		expect(analyticsSource(lead)).toBe('local');
		expect(analyticsSource(director)).toBe('local');
		expect(analyticsSource(leadership)).toBe('server');
		expect(analyticsSource({ roles: ['technologist'], leadOfModalities: [] })).toBe('none');
		expect(analyticsSource(null)).toBe('none');
	});

	it('starts leads on their own modalities', () => {
		expect(defaultChoice(lead)).toBe('mine');
		expect(modalitiesOf('mine', lead)).toEqual(['US', 'MG']);
		expect(defaultChoice(director)).toBe('all');
		expect(modalitiesOf('all', director)).toBeUndefined();
		expect(modalitiesOf('CT', director)).toEqual(['CT']);
	});

	it('builds the server query', () => {
		const range = { from: '2026-01-01', to: '2026-03-31' };
		expect(analyticsUrl(range, 'all')).toBe('/api/iq-analytics?from=2026-01-01&to=2026-03-31');
		expect(analyticsUrl(range, 'MG')).toBe(
			'/api/iq-analytics?from=2026-01-01&to=2026-03-31&modality=MG'
		);
	});

	it('keeps the most often unmet criteria of each modality', () => {
		const row = (modality: 'US' | 'CT', criterionId: string, unmet: number): UnmetCriterion => ({
			modality,
			criterionId,
			label: criterionId,
			unmet,
			answered: 10,
			rate: unmet / 10
		});
		const rows = [row('CT', 'a', 3), row('CT', 'b', 2), row('CT', 'c', 1), row('US', 'd', 0)];
		expect(topUnmet(rows, 2).map((r) => r.criterionId)).toEqual(['a', 'b']);
	});

	it('sizes bars within 0–100 %', () => {
		expect(barWidth(4 / 7)).toBe('57.1%');
		expect(barWidth(null)).toBe('0%');
		expect(barWidth(1.2)).toBe('100%');
	});
});
