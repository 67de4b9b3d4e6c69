import {
	LIKERT_ITEMS,
	parseSurveyId,
	surveyIdOf,
	type SurveyRound
} from '@rounds/shared/reports/survey';

/** The question text in the reader's language (French for any `fr-*` locale). */
export const textIn = (t: { en: string; fr: string }, locale: string | null | undefined) =>
	locale?.startsWith('fr') ? t.fr : t.en;

/** The agreement items left unanswered in a draft, by id. */
export function unanswered(draft: Record<string, number | string | undefined>): string[] {
	return LIKERT_ITEMS.filter((q) => typeof draft[q.id] !== 'number').map((q) => q.id);
}

/** The address respondents open: `<origin>/survey/<surveyId>`. */
export const surveyUrl = (origin: string, surveyId: string) =>
	`${origin.replace(/\/$/, '')}/survey/${encodeURIComponent(surveyId)}`;

/** Survey ids the director can send this year: go-live and yearly, for this and last year. */
export function surveyChoices(year: number): { id: string; round: SurveyRound; year: number }[] {
	return [year, year - 1].flatMap((y) =>
		(['annual', 'go-live'] as const).map((round) => ({ id: surveyIdOf(round, y), round, year: y }))
	);
}

/** `{ round, year }` for the screen's title, or null for an id that is not a survey. */
export const surveyLabel = (id: string) => parseSurveyId(id);

/** Mean on the 1–5 scale as shown: one decimal. */
export const formatMean = (mean: number | null) => (mean === null ? '—' : mean.toFixed(1));
