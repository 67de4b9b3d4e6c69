import { describe, expect, it } from 'vitest';
import { LIKERT_ITEMS } from '@rounds/shared/reports/survey';
import { formatMean, surveyChoices, surveyUrl, textIn, unanswered } from './survey-view.ts';

describe('survey view', () => {
	it('picks the language and lists unanswered statements', () => {
		expect(textIn({ en: 'Yes', fr: 'Oui' }, 'fr-CA')).toBe('Oui');
		expect(textIn({ en: 'Yes', fr: 'Oui' }, 'en')).toBe('Yes');
		const all = Object.fromEntries(LIKERT_ITEMS.map((q) => [q.id, 3]));
		expect(unanswered(all)).toEqual([]);
		expect(unanswered({ ...all, safe: undefined, 'works-well': 'text' })).toEqual(['safe']);
	});

	it('builds the link, the choices and the mean', () => {
		expect(surveyUrl('https://rounds.example.org/', 'annual-2026')).toBe(
			'https://rounds.example.org/survey/annual-2026'
		);
		expect(surveyChoices(2026).map((c) => c.id)).toEqual([
			'annual-2026',
			'go-live-2026',
			'annual-2025',
			'go-live-2025'
		]);
		expect(formatMean(3.6666)).toBe('3.7');
		expect(formatMean(null)).toBe('—');
	});
});
