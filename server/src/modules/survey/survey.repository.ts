import type { Queryable } from '../../db/db.ts';

/**
 * Marks that a person has answered a survey. False when they already had: the primary key makes
 * "one response per person" hold even when two requests race.
 */
export async function markResponded(
	q: Queryable,
	surveyId: string,
	personId: string
): Promise<boolean> {
	const { rowCount } = await q.query(
		`insert into survey_respondents (survey_id, person_id) values ($1, $2)
		 on conflict do nothing`,
		[surveyId, personId]
	);
	return rowCount === 1;
}

/** Whether a person has answered a survey. */
export async function hasResponded(
	q: Queryable,
	surveyId: string,
	personId: string
): Promise<boolean> {
	const { rowCount } = await q.query(
		'select 1 from survey_respondents where survey_id = $1 and person_id = $2',
		[surveyId, personId]
	);
	return rowCount > 0;
}

/** Answers waiting for a batch. Holds nothing about who or when. */
export async function poolAnswers(q: Queryable, surveyId: string, answers: unknown): Promise<void> {
	await q.query('insert into survey_pool (survey_id, answers) values ($1, $2::jsonb)', [
		surveyId,
		JSON.stringify(answers)
	]);
}

/** How many answers of a survey wait for their batch. */
export async function pooledCount(q: Queryable, surveyId: string): Promise<number> {
	const { rows } = await q.query<{ n: string }>(
		'select count(*)::text as n from survey_pool where survey_id = $1',
		[surveyId]
	);
	return Number(rows[0]?.n ?? 0);
}

/** Takes every waiting answer of a survey when there are at least `min`; none otherwise. */
export async function takePool(q: Queryable, surveyId: string, min: number): Promise<unknown[]> {
	// Serialise releases of one survey: two at once must not each take half a batch.
	const { rows: locked } = await q.query<{ answers: unknown }>(
		'select answers from survey_pool where survey_id = $1 for update',
		[surveyId]
	);
	if (locked.length < min) return [];
	await q.query('delete from survey_pool where survey_id = $1', [surveyId]);
	return locked.map((r) => r.answers);
}
