import { Hono } from 'hono';
import { z } from 'zod';
import { isoDate, modality } from '@rounds/shared/common.schema';
import { computeIqAnalytics } from '@rounds/shared/reviews/analytics';
import type { ApiError } from '@rounds/shared/sync/protocol';
import type { AppEnv, Deps } from '../../app-env.ts';
import { requireRole } from '../identity/session.middleware.ts';
import { analyticsReviews, analyticsSettings } from './iq-analytics.repository.ts';

const DAY = 86_400_000;
/** Three years bounds the work of one request; the screen asks for a month, quarter or year. */
const MAX_DAYS = 3 * 366;

export const analyticsQuery = z
	.object({ from: isoDate, to: isoDate, modality: modality.optional() })
	.refine((q) => q.from <= q.to, { message: '“from” must not be after “to”', path: ['to'] })
	.refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / DAY <= MAX_DAYS, {
		message: 'Ask for at most three years at a time',
		path: ['to']
	});

/**
 * Aggregates of the image-quality program for people who see aggregates only (leadership
 * viewers never receive reviews), and for leads and the director when they want the server's
 * full picture. The same shared function as the browsers' offline analytics computes it.
 */
export function iqAnalyticsRoutes(deps: Deps) {
	return new Hono<AppEnv>().get(
		'/',
		requireRole('leadership_viewer', 'peer_learning_director', 'modality_quality_lead'),
		async (c) => {
			const parsed = analyticsQuery.safeParse(c.req.query());
			if (!parsed.success) {
				const rule = parsed.error.issues.find((i) => i.code === 'custom');
				return c.json(
					{
						error: 'invalid',
						message:
							rule?.message ??
							'Expected ?from=YYYY-MM-DD&to=YYYY-MM-DD and optionally &modality=XR|CT|MR|US|MG|NM',
						details: parsed.error.issues.map((i) => ({
							path: i.path.join('.'),
							message: i.message
						}))
					} satisfies ApiError,
					400
				);
			}
			const { from, to, modality: only } = parsed.data;
			const [reviews, { sites, templates }] = await Promise.all([
				analyticsReviews(deps.db, from, to, only),
				analyticsSettings(deps.db)
			]);
			return c.json(
				computeIqAnalytics(reviews, templates, sites, {
					from,
					to,
					modalities: only ? [only] : undefined,
					today: deps.now().toISOString().slice(0, 10)
				})
			);
		}
	);
}
