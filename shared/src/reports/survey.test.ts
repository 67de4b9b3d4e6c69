import { describe, expect, it } from 'vitest';
import {
	cleanAnswers,
	LIKERT_ITEMS,
	OPEN_QUESTIONS,
	parseSurveyId,
	surveyAnswers,
	surveyIdsOf,
	surveyOpen,
	surveyResults
} from './survey.ts';

const all = (v: number) => Object.fromEntries(LIKERT_ITEMS.map((q) => [q.id, v]));

describe('survey definition', () => {
	it('has eight agreement items and two open questions with unique ids', () => {
		expect(LIKERT_ITEMS).toHaveLength(8);
		expect(OPEN_QUESTIONS).toHaveLength(2);
		const ids = [...LIKERT_ITEMS, ...OPEN_QUESTIONS].map((q) => q.id);
		expect(new Set(ids).size).toBe(10);
	});

	it('names surveys by round and year, and opens them in their year and the next', () => {
		expect(parseSurveyId('go-live-2026')).toEqual({ round: 'go-live', year: 2026 });
		expect(parseSurveyId('annual-2027')).toEqual({ round: 'annual', year: 2027 });
		for (const bad of ['annual', 'annual-26', 'yearly-2026', 'annual-2026x', 'annual-1999'])
			expect(parseSurveyId(bad), bad).toBeNull();
		expect(surveyOpen('annual-2026', '2026-03-02')).toBe(true);
		expect(surveyOpen('annual-2025', '2026-01-15')).toBe(true);
		expect(surveyOpen('annual-2024', '2026-01-15')).toBe(false);
		expect(surveyOpen('annual-2027', '2026-12-31')).toBe(false);
		expect(surveyOpen('nonsense', '2026-03-02')).toBe(false);
	});
});

describe('survey answers', () => {
	it('accepts every item answered, open questions optional, and drops blanks', () => {
		const r = surveyAnswers.safeParse({ ...all(4), 'works-well': '  Rounds  ', 'one-change': '' });
		expect(r.success).toBe(true);
		expect(cleanAnswers(r.data!)).toEqual({ ...all(4), 'works-well': 'Rounds' });
	});

	it('refuses missing, out-of-range and extra answers with the question named', () => {
		const missing = surveyAnswers.safeParse({ ...all(3), overall: undefined });
		expect(missing.error?.issues[0]).toMatchObject({
			path: ['overall'],
			message:
				'“Overall, I am satisfied with the peer learning program.”: choose an answer from 1 to 5'
		});
		expect(surveyAnswers.safeParse({ ...all(3), safe: 6 }).success).toBe(false);
		expect(surveyAnswers.safeParse({ ...all(3), safe: 2.5 }).success).toBe(false);
		expect(surveyAnswers.safeParse({ ...all(3), safe: '3' }).success).toBe(false);
		expect(surveyAnswers.safeParse({ ...all(3), respondentId: 'p-1' }).error?.issues[0]?.code).toBe(
			'unrecognized_keys'
		);
		expect(surveyAnswers.safeParse({ ...all(3), 'works-well': 'x'.repeat(2001) }).success).toBe(
			false
		);
	});
});

describe('survey results', () => {
	const r = (surveyId: string, answers: Record<string, number | string>) => ({ surveyId, answers });

	it('stays hidden below five responses', () => {
		const four = [1, 2, 3, 4].map((v) => r('annual-2026', all(v)));
		expect(surveyResults(four, 'annual-2026')).toEqual({
			surveyId: 'annual-2026',
			responses: 4,
			suppressed: true,
			items: [],
			comments: []
		});
	});

	it('counts, averages and lists comments (sorted) for one survey only', () => {
		const responses = [
			r('annual-2026', { ...all(5), 'works-well': 'Zero blame' }),
			r('annual-2026', { ...all(4), 'one-change': 'More virtual rounds' }),
			r('annual-2026', { ...all(4), easy: 2, 'works-well': 'Anonymous cases' }),
			r('annual-2026', { ...all(3), easy: 1 }),
			r('annual-2026', { ...all(2), 'works-well': '  ' }),
			r('go-live-2026', { ...all(1), 'works-well': 'Other survey' })
		];
		const res = surveyResults(responses, 'annual-2026');
		expect(res.responses).toBe(5);
		expect(res.suppressed).toBe(false);
		// overall: 5, 4, 4, 3, 2 → counts [0,1,1,2,1], mean 18 / 5 = 3.6
		expect(res.items.find((i) => i.id === 'overall')).toEqual({
			id: 'overall',
			counts: [0, 1, 1, 2, 1],
			answered: 5,
			mean: 3.6
		});
		// easy: 5, 4, 2, 1, 2 → counts [1,2,0,1,1], mean 14 / 5 = 2.8
		expect(res.items.find((i) => i.id === 'easy')).toMatchObject({
			counts: [1, 2, 0, 1, 1],
			mean: 2.8
		});
		expect(res.comments).toEqual([
			{ id: 'works-well', answers: ['Anonymous cases', 'Zero blame'] },
			{ id: 'one-change', answers: ['More virtual rounds'] }
		]);
	});

	it('lists surveys that have responses, newest year first', () => {
		expect(
			surveyIdsOf([
				r('go-live-2025', {}),
				r('annual-2026', {}),
				r('annual-2026', {}),
				r('bogus', {})
			])
		).toEqual(['annual-2026', 'go-live-2025']);
	});
});
