import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { SurveyResponse } from '@rounds/shared/reports/qi.schema';
import {
	cleanAnswers,
	parseSurveyId,
	surveyOpen,
	surveySubmission
} from '@rounds/shared/reports/survey';
import type { ApiError } from '@rounds/shared/sync/protocol';
import type { AppEnv, Deps } from '../../app-env.ts';
import { audit } from '../audit/audit.repository.ts';
import { requireRole } from '../identity/session.middleware.ts';
import { writeServerDocuments } from '../sync/server-writes.ts';
import { hasResponded, markResponded } from './survey.repository.ts';

/** What `GET /api/survey/:surveyId` answers: enough for the screen to offer the form or not. */
export interface SurveyStatus {
	surveyId: string;
	open: boolean;
	responded: boolean;
}

const notFound = (c: Context<AppEnv>) =>
	c.json(
		{
			error: 'not-found',
			message: 'There is no survey at this link. Check the link or QR code you were given.'
		} satisfies ApiError,
		404
	);

/**
 * The program evaluation survey's anonymous responses. The response document never names its
 * respondent: a random id, the day (not the time) it arrived, the survey and the answers. What
 * enforces one response per person is a separate table holding only (survey, person); the audit
 * entry says who responded to which survey, without the response's id. Responses are created
 * here only (the sync write rule refuses them), so no synced push carries an author with one.
 */
export function surveyRoutes(deps: Deps) {
	const today = () => deps.now().toISOString().slice(0, 10);
	return new Hono<AppEnv>()
		.get('/:surveyId', requireRole(), async (c) => {
			const surveyId = c.req.param('surveyId');
			if (!parseSurveyId(surveyId)) return notFound(c);
			return c.json({
				surveyId,
				open: surveyOpen(surveyId, today()),
				responded: await hasResponded(deps.db, surveyId, c.get('user')!.id)
			} satisfies SurveyStatus);
		})
		.post('/:surveyId/responses', requireRole(), async (c) => {
			const user = c.get('user')!;
			const surveyId = c.req.param('surveyId');
			if (!parseSurveyId(surveyId)) return notFound(c);
			if (!surveyOpen(surveyId, today()))
				return c.json(
					{ error: 'closed', message: 'This survey is closed.' } satisfies ApiError,
					410
				);
			const parsed = surveySubmission.safeParse(await c.req.json().catch(() => undefined));
			if (!parsed.success) {
				const details: Record<string, string> = {};
				for (const i of parsed.error.issues) details[i.path.join('.') || 'body'] ??= i.message;
				return c.json(
					{
						error: 'invalid',
						message: parsed.error.issues
							.map((i) => (i.path.length ? i.message : 'Send {"answers": {…}}'))
							.join('; '),
						details
					} satisfies ApiError,
					400
				);
			}
			// The day only: a precise time could be matched against the sign-in or audit records.
			const day = `${today()}T00:00:00.000Z`;
			const doc: SurveyResponse = {
				id: `sr-${randomUUID()}`,
				createdAt: day,
				updatedAt: day,
				surveyId,
				answers: cleanAnswers(parsed.data.answers)
			};
			const result = await deps.db.transaction(async (tx) => {
				if (!(await markResponded(tx, surveyId, user.id))) return null;
				const written = await writeServerDocuments(tx, deps, 'survey_responses', [doc]);
				await audit(tx, {
					actorId: user.id,
					action: 'survey.respond',
					collection: 'survey_responses',
					outcome: 'ok',
					detail: { surveyId }
				});
				return written;
			});
			if (!result)
				return c.json(
					{
						error: 'already-responded',
						message: 'You have already answered this survey. Thank you!'
					} satisfies ApiError,
					409
				);
			await deps.feed.publish(result.changed);
			return c.json({ surveyId, recorded: true }, 201);
		});
}
