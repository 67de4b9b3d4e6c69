import { Hono } from 'hono';
import { z } from 'zod';
import { isoDate } from '@rounds/shared/common.schema';
import { annualSettings } from '@rounds/shared/reports/annual';
import { computeDashboards, type Dashboards } from '@rounds/shared/reports/dashboards';
import type { ApiError } from '@rounds/shared/sync/protocol';
import type { AppEnv, Deps } from '../../app-env.ts';
import { requireRole } from '../identity/session.middleware.ts';
import { dashboardData, qiLinkedCounts } from './dashboards.repository.ts';

const timeZone = z
	.string()
	.max(64)
	.refine((tz) => {
		try {
			new Intl.DateTimeFormat('en', { timeZone: tz });
			return true;
		} catch {
			return false;
		}
	}, 'Unknown time zone');

export const dashboardsQuery = z
	.object({ from: isoDate, to: isoDate, tz: timeZone.default('UTC') })
	.refine((q) => q.from <= q.to, { message: '“from” must not be after “to”', path: ['to'] })
	// Targets are yearly: one calendar year (or part of one) at a time.
	.refine((q) => q.from.slice(0, 4) === q.to.slice(0, 4), {
		message: 'Ask for one calendar year (or part of one) at a time',
		path: ['to']
	});

/**
 * The program's dashboards as aggregates, for leadership viewers (whose devices never receive
 * submissions or attendance) and for leaders who want the whole program rather than what their
 * device holds. The same shared function as the browsers' offline dashboards computes it.
 */
export function dashboardRoutes(deps: Deps) {
	return new Hono<AppEnv>().get(
		'/',
		requireRole(
			'leadership_viewer',
			'peer_learning_director',
			'section_chief',
			'modality_quality_lead'
		),
		async (c) => {
			const parsed = dashboardsQuery.safeParse(c.req.query());
			if (!parsed.success) {
				const rule = parsed.error.issues.find((i) => i.code === 'custom');
				return c.json(
					{
						error: 'invalid',
						message:
							rule?.message ??
							'Expected ?from=YYYY-MM-DD&to=YYYY-MM-DD and optionally &tz=<IANA time zone>',
						details: parsed.error.issues.map((i) => ({
							path: i.path.join('.'),
							message: i.message
						}))
					} satisfies ApiError,
					400
				);
			}
			const { from, to, tz } = parsed.data;
			const year = Number(from.slice(0, 4));
			const data = await dashboardData(deps.db, year);
			const { policy, sections } = annualSettings(data.settings, year);
			const result: Dashboards = {
				...computeDashboards({
					from,
					to,
					now: deps.now(),
					timeZone: tz,
					policy,
					sections,
					people: data.people,
					submissions: data.submissions,
					conferences: data.conferences,
					attendance: data.attendance,
					submissionsComplete: true
				}),
				// QI links count whenever the case was submitted, not only in this year.
				qiLinked: await qiLinkedCounts(deps.db)
			};
			return c.json(result);
		}
	);
}
