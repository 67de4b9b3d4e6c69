import { z } from 'zod';
import type { SurveyResponse } from './qi.schema.ts';

/**
 * The program evaluation survey (DOMAIN.md workflow A step 7; source 001, "Implement Program
 * Assessment Tools"): how staff feel about the program after go-live and then yearly. Eight
 * agreement items on a 1–5 scale and two open questions, written from source 001's themes:
 * educational value, collaboration instead of punishment (just culture), safety to submit, ease
 * of participation, constructive feedback, conferences, system improvement, overall satisfaction.
 * Responses are anonymous: see server/src/modules/survey for how the server keeps them unlinked.
 */

type Text = { en: string; fr: string };
export interface LikertItem {
	id: string;
	kind: 'likert';
	text: Text;
}
export interface OpenQuestion {
	id: string;
	kind: 'text';
	text: Text;
}
export type SurveyQuestion = LikertItem | OpenQuestion;

/** Agreement scale, 1 = strongly disagree … 5 = strongly agree. */
export const LIKERT = [1, 2, 3, 4, 5] as const;
export const LIKERT_LABELS: Record<(typeof LIKERT)[number], Text> = {
	1: { en: 'Strongly disagree', fr: 'Tout à fait en désaccord' },
	2: { en: 'Disagree', fr: 'En désaccord' },
	3: { en: 'Neutral', fr: 'Neutre' },
	4: { en: 'Agree', fr: 'D’accord' },
	5: { en: 'Strongly agree', fr: 'Tout à fait d’accord' }
};
/** Longest free-text answer kept (the document schema's limit). */
export const OPEN_ANSWER_MAX = 2000;

export const SURVEY_QUESTIONS: readonly SurveyQuestion[] = [
	{
		id: 'learning',
		kind: 'likert',
		text: {
			en: 'Peer learning helps me learn and improve my practice.',
			fr: 'L’apprentissage par les pairs m’aide à apprendre et à améliorer ma pratique.'
		}
	},
	{
		id: 'collaborative',
		kind: 'likert',
		text: {
			en: 'The program feels collaborative and educational, not punitive.',
			fr: 'Le programme est collaboratif et formateur, non punitif.'
		}
	},
	{
		id: 'safe',
		kind: 'likert',
		text: {
			en: 'I feel safe submitting cases, including discrepancies.',
			fr: 'Je me sens en confiance pour soumettre des cas, y compris des divergences.'
		}
	},
	{
		id: 'easy',
		kind: 'likert',
		text: {
			en: 'Taking part fits into my routine work without much extra effort.',
			fr: 'Participer s’intègre à mon travail courant sans grand effort supplémentaire.'
		}
	},
	{
		id: 'feedback',
		kind: 'likert',
		text: {
			en: 'Feedback given through the program is respectful and constructive.',
			fr: 'La rétroaction donnée dans le programme est respectueuse et constructive.'
		}
	},
	{
		id: 'conferences',
		kind: 'likert',
		text: {
			en: 'Conferences (rounds) are a good use of my time.',
			fr: 'Les conférences (séances) sont une bonne utilisation de mon temps.'
		}
	},
	{
		id: 'improvement',
		kind: 'likert',
		text: {
			en: 'The program leads to real improvements in our systems and processes.',
			fr: 'Le programme mène à de réelles améliorations de nos systèmes et processus.'
		}
	},
	{
		id: 'overall',
		kind: 'likert',
		text: {
			en: 'Overall, I am satisfied with the peer learning program.',
			fr: 'Dans l’ensemble, je suis satisfait(e) du programme d’apprentissage par les pairs.'
		}
	},
	{
		id: 'works-well',
		kind: 'text',
		text: {
			en: 'What works well in the program?',
			fr: 'Qu’est-ce qui fonctionne bien dans le programme?'
		}
	},
	{
		id: 'one-change',
		kind: 'text',
		text: {
			en: 'What one change would make the program better for you?',
			fr: 'Quel changement rendrait le programme meilleur pour vous?'
		}
	}
];

export const LIKERT_ITEMS = SURVEY_QUESTIONS.filter((q): q is LikertItem => q.kind === 'likert');
export const OPEN_QUESTIONS = SURVEY_QUESTIONS.filter((q): q is OpenQuestion => q.kind === 'text');

/** When the survey is run: once after go-live, then every year. */
export const SURVEY_ROUNDS = ['go-live', 'annual'] as const;
export type SurveyRound = (typeof SURVEY_ROUNDS)[number];

/** A survey's id names its round and year: `go-live-2026`, `annual-2027`. */
export const surveyIdOf = (round: SurveyRound, year: number): string => `${round}-${year}`;

/** The round and year of a survey id, or null when it is not one. */
export function parseSurveyId(id: string): { round: SurveyRound; year: number } | null {
	const m = /^(go-live|annual)-(\d{4})$/.exec(id);
	if (!m) return null;
	const year = Number(m[2]);
	if (year < 2000 || year > 2100) return null;
	return { round: m[1] as SurveyRound, year };
}

/**
 * Whether a survey takes responses on `today` (YYYY-MM-DD): during its year and the next one, so
 * a survey sent out in December can still be answered in January; never before its year.
 */
export function surveyOpen(id: string, today: string): boolean {
	const s = parseSurveyId(id);
	if (!s) return false;
	const year = Number(today.slice(0, 4));
	return s.year === year || s.year === year - 1;
}

const likertAnswer = (label: string) =>
	z
		.number({ error: `“${label}”: choose an answer from 1 to 5` })
		.int(`“${label}”: choose an answer from 1 to 5`)
		.min(1, `“${label}”: choose an answer from 1 to 5`)
		.max(5, `“${label}”: choose an answer from 1 to 5`);

/**
 * The answers a respondent sends: every agreement item answered, the open questions optional
 * (blank ones are dropped), nothing else (unknown keys are refused, so no identity can ride along).
 */
export const surveyAnswers = z.strictObject(
	Object.fromEntries(
		SURVEY_QUESTIONS.map((q) => [
			q.id,
			q.kind === 'likert'
				? likertAnswer(q.text.en)
				: z
						.string({ error: `“${q.text.en}”: expected text` })
						.trim()
						.max(OPEN_ANSWER_MAX, `“${q.text.en}”: at most ${OPEN_ANSWER_MAX} characters`)
						.optional()
		])
	) as Record<string, z.ZodType<number | string | undefined>>
);
export const surveySubmission = z.strictObject({ answers: surveyAnswers });
export type SurveyAnswers = Record<string, number | string>;

/** The answers as stored: blank open answers removed. */
export function cleanAnswers(answers: Record<string, number | string | undefined>): SurveyAnswers {
	const out: SurveyAnswers = {};
	for (const [k, v] of Object.entries(answers)) if (v !== undefined && v !== '') out[k] = v;
	return out;
}

/** Results stay hidden below this many responses so nobody's answers can be singled out. */
export const MIN_RESPONSES = 5;

export interface ItemResult {
	id: string;
	/** Answers 1…5, in order. */
	counts: [number, number, number, number, number];
	answered: number;
	/** Mean of the answers, null when nobody answered. */
	mean: number | null;
}
export interface SurveyResults {
	surveyId: string;
	responses: number;
	/** True below MIN_RESPONSES: items and comments are then empty. */
	suppressed: boolean;
	items: ItemResult[];
	/** Free-text answers per open question, sorted alphabetically so their order says nothing. */
	comments: { id: string; answers: string[] }[];
}

/** Distribution, mean and comments per question of one survey; hidden under MIN_RESPONSES. */
export function surveyResults(
	responses: readonly Pick<SurveyResponse, 'surveyId' | 'answers'>[],
	surveyId: string,
	minResponses = MIN_RESPONSES
): SurveyResults {
	const mine = responses.filter((r) => r.surveyId === surveyId);
	const suppressed = mine.length < minResponses;
	if (suppressed) return { surveyId, responses: mine.length, suppressed, items: [], comments: [] };
	const items = LIKERT_ITEMS.map((q): ItemResult => {
		const counts: ItemResult['counts'] = [0, 0, 0, 0, 0];
		let sum = 0;
		for (const r of mine) {
			const v = r.answers[q.id];
			if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5) {
				counts[v - 1]!++;
				sum += v;
			}
		}
		const answered = counts.reduce((a, b) => a + b, 0);
		return { id: q.id, counts, answered, mean: answered ? sum / answered : null };
	});
	const comments = OPEN_QUESTIONS.map((q) => ({
		id: q.id,
		answers: mine
			.map((r) => r.answers[q.id])
			.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
			.map((v) => v.trim())
			.sort((a, b) => a.localeCompare(b))
	}));
	return { surveyId, responses: mine.length, suppressed, items, comments };
}

/** The survey ids present among responses, newest year first. */
export function surveyIdsOf(responses: readonly Pick<SurveyResponse, 'surveyId'>[]): string[] {
	const ids = [...new Set(responses.map((r) => r.surveyId))].filter((id) => parseSurveyId(id));
	return ids.sort((a, b) => parseSurveyId(b)!.year - parseSurveyId(a)!.year || a.localeCompare(b));
}
