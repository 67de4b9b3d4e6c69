import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { MODALITIES, modality, type Modality } from '@rounds/shared/common.schema';
import type { ApiError } from '@rounds/shared/sync/protocol';
import type { AppEnv, Deps } from '../../app-env.ts';
import { audit } from '../audit/audit.repository.ts';
import { requireRole } from '../identity/session.middleware.ts';
import {
	commitRun,
	mayAssign,
	previewRun,
	RunRefused,
	runRequest,
	verifyRun
} from './assignment.service.ts';
import { getRun, listRuns } from './runs.repository.ts';

const ASSIGNERS = ['peer_learning_director', 'modality_quality_lead'] as const;

const forbidden = (c: Context<AppEnv>, m: string) =>
	c.json(
		{
			error: 'forbidden',
			message: `Only the peer learning director and the ${m} quality leads can assign ${m} reviews.`
		} satisfies ApiError,
		403
	);

function invalid(c: Context<AppEnv>, error: z.ZodError) {
	const details: Record<string, string> = {};
	for (const i of error.issues) details[i.path.join('.') || 'body'] ??= i.message;
	return c.json(
		{
			error: 'invalid',
			message: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
			details
		} satisfies ApiError,
		400
	);
}

function refused(c: Context<AppEnv>, e: RunRefused) {
	return c.json(
		{
			error: e.code,
			message: e.message,
			...(e.summary ? { details: { summary: e.summary } } : {})
		} satisfies ApiError,
		e.code === 'invalid' ? 400 : 422
	);
}

async function body(c: Context<AppEnv>) {
	return runRequest.safeParse(await c.req.json().catch(() => undefined));
}

/** Image-quality review assignment: preview, run, list and replay runs. */
export function iqRoutes(deps: Deps) {
	return new Hono<AppEnv>()
		.post('/assignments/preview', requireRole(...ASSIGNERS), async (c) => {
			const parsed = await body(c);
			if (!parsed.success) return invalid(c, parsed.error);
			if (!mayAssign(c.get('user')!, parsed.data.modality))
				return forbidden(c, parsed.data.modality);
			try {
				return c.json(await previewRun(deps, parsed.data));
			} catch (e) {
				if (e instanceof RunRefused) return refused(c, e);
				throw e;
			}
		})
		.post('/assignments', requireRole(...ASSIGNERS), async (c) => {
			const user = c.get('user')!;
			const parsed = await body(c);
			if (!parsed.success) return invalid(c, parsed.error);
			if (!mayAssign(user, parsed.data.modality)) return forbidden(c, parsed.data.modality);
			try {
				return c.json(await commitRun(deps, parsed.data, user.id), 201);
			} catch (e) {
				if (!(e instanceof RunRefused)) throw e;
				await audit(deps.db, {
					actorId: user.id,
					action: 'iq.assign',
					collection: 'iq_assignment_runs',
					outcome: 'rejected',
					detail: { modality: parsed.data.modality, period: parsed.data.period, reason: e.code }
				});
				return refused(c, e);
			}
		})
		.get('/assignments/runs', requireRole(...ASSIGNERS), async (c) => {
			const user = c.get('user')!;
			const asked = c.req.query('modality');
			if (asked !== undefined) {
				const m = modality.safeParse(asked);
				if (!m.success)
					return c.json(
						{
							error: 'invalid',
							message: `Unknown modality: use one of ${MODALITIES.join(', ')}`
						} satisfies ApiError,
						400
					);
				if (!mayAssign(user, m.data)) return forbidden(c, m.data);
			}
			const mine: Modality[] = asked
				? [asked as Modality]
				: MODALITIES.filter((m) => mayAssign(user, m));
			return c.json({ runs: await listRuns(deps.db, mine) });
		})
		.post('/assignments/runs/:id/verify', requireRole(...ASSIGNERS), async (c) => {
			const user = c.get('user')!;
			const id = c.req.param('id');
			const run = await getRun(deps.db, id);
			if (!run || !mayAssign(user, run.modality))
				return c.json(
					{ error: 'not-found', message: 'No such assignment run.' } satisfies ApiError,
					404
				);
			const result = verifyRun(run);
			await audit(deps.db, {
				actorId: user.id,
				action: 'iq.verify',
				collection: 'iq_assignment_runs',
				docId: id,
				outcome: 'ok',
				detail: { reproduced: result.reproduced, differences: result.differences }
			});
			return c.json(result);
		});
}
