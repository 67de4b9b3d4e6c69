import { randomInt, randomUUID } from 'node:crypto';
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
import {
	hasResponded,
	markResponded,
	poolAnswers,
	pooledCount,
	takePool
} from './survey.repository.ts';

/** What `GET /api/survey/:surveyId` answers: enough for the screen to offer the form or not. */
export interface SurveyStatus {
	surveyId: string;
	open: boolean;
	responded: boolean;
	/** For the director: answers waiting for a full batch before they appear. */
	waiting?: number;
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
/** Responses are released together, at least this many at a time (also the results threshold). */
export const RELEASE_BATCH = 5;

/**
 * Turns a full pool into response documents: random ids, the day only, in a shuffled order, in
 * a transaction of their own. A document then shares its transaction, time and position with the
 * rest of its batch and with no respondent's record or audit entry.
 */
async function releaseBatch(deps: Deps, surveyId: string, day: string): Promise<number> {
	const stamp = `${day}T00:00:00.000Z`;
	const written = await deps.db.transaction(async (tx) => {
		const pooled = await takePool(tx, surveyId, RELEASE_BATCH);
		if (!pooled.length) return null;
		for (let i = pooled.length - 1; i > 0; i--) {
			const j = randomInt(i + 1);
			[pooled[i], pooled[j]] = [pooled[j], pooled[i]];
		}
		const docs: SurveyResponse[] = pooled.map((answers) => ({
			id: `sr-${randomUUID()}`,
			createdAt: stamp,
			updatedAt: stamp,
			surveyId,
			answers: answers as SurveyResponse['answers']
		}));
		return writeServerDocuments(tx, deps, 'survey_responses', docs);
	});
	if (written) await deps.feed.publish(written.changed);
	return written?.inserted ?? 0;
}

export function surveyRoutes(deps: Deps) {
	const today = () => deps.now().toISOString().slice(0, 10);
	return new Hono<AppEnv>()
		.get('/:surveyId', requireRole(), async (c) => {
			const surveyId = c.req.param('surveyId');
			if (!parseSurveyId(surveyId)) return notFound(c);
			const user = c.get('user')!;
			return c.json({
				surveyId,
				open: surveyOpen(surveyId, today()),
				responded: await hasResponded(deps.db, surveyId, user.id),
				// The director sees how many answers wait for a full batch (a count, nothing else).
				...(user.roles.includes('peer_learning_director')
					? { waiting: await pooledCount(deps.db, surveyId) }
					: {})
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
			// Answers wait in a pool with no id, time or order; they become documents only in
			// shuffled batches of RELEASE_BATCH, in another transaction (see releaseBatch).
			const answers = cleanAnswers(parsed.data.answers);
			const result = await deps.db.transaction(async (tx) => {
				if (!(await markResponded(tx, surveyId, user.id))) return null;
				await poolAnswers(tx, surveyId, answers);
				await audit(tx, {
					actorId: user.id,
					action: 'survey.respond',
					collection: 'survey_responses',
					outcome: 'ok',
					detail: { surveyId }
				});
				return true;
			});
			if (!result)
				return c.json(
					{
						error: 'already-responded',
						message: 'You have already answered this survey. Thank you!'
					} satisfies ApiError,
					409
				);
			await releaseBatch(deps, surveyId, today());
			return c.json({ surveyId, recorded: true }, 201);
		});
}
