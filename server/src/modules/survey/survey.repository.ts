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
