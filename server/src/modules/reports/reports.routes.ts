import { Hono } from 'hono';
import Papa from 'papaparse';
import { z } from 'zod';
import {
	annualSettings,
	computeAnnualReport,
	computeOppe,
	oppeRecords,
	OPPE_COLUMNS
} from '@rounds/shared/reports/annual';
import { dayOf } from '@rounds/shared/reports/targets';
import type { ApiError } from '@rounds/shared/sync/protocol';
import type { AppEnv, Deps } from '../../app-env.ts';
import { audit } from '../audit/audit.repository.ts';
import { requireRole } from '../identity/session.middleware.ts';
import {
	reportAttendance,
	reportConferences,
	reportIqReviews,
	reportPeople,
	reportQi,
	reportSettings,
	reportSubmissions
} from './reports.repository.ts';

const validZone = (tz: string) => {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
};

/**
 * `?year=2026&tz=America/Toronto`: the browser sends its own zone so the server reads calendar
 * days as the director's device does (the same figures); UTC when omitted.
 */
export const reportQuery = z.object({
	year: z.coerce
		.number({ error: 'Give the year as ?year=YYYY' })
		.int('Give the year as ?year=YYYY')
		.min(2000, 'Give a year from 2000 to 2100')
		.max(2100, 'Give a year from 2000 to 2100'),
	tz: z
		.string()
		.max(64)
		.refine(validZone, 'Unknown time zone: use an IANA name such as America/Toronto')
		.default('UTC')
});
const oppeQuery = reportQuery.extend({
	format: z.enum(['csv', 'json'], { error: 'Give the format as csv or json' }).default('csv')
});

const invalid = (issues: z.core.$ZodIssue[]): ApiError => ({
	error: 'invalid',
	message: issues[0]?.message ?? 'Invalid query',
	details: issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
});

/**
 * The annual report's figures and the OPPE participation export, computed on the server from
 * the documents table with the same shared functions as the director's browser.
 *
 * - Annual figures: the director, administrative support (who "assist in annual report
 *   creation", source 002, but do not receive submissions) and leadership viewers (aggregates
 *   only; they never receive submissions either). Counts only: nobody is named.
 * - OPPE export: the director only. It is the one output that names people, so it goes to the
 *   person source 002 makes responsible for the report and for keeping participation (never
 *   content) apart from performance evaluation; whoever runs credentialing receives the file
 *   from them. Every export is audited.
 */
export function reportsRoutes(deps: Deps) {
	/** Today's year in the zone: later years have not started and have nothing to report. */
	const notStarted = (year: number, tz: string) =>
		year > Number((dayOf(deps.now().toISOString(), tz) ?? '').slice(0, 4));

	return new Hono<AppEnv>()
		.get(
			'/annual',
			requireRole('peer_learning_director', 'admin_support', 'leadership_viewer'),
			async (c) => {
				const parsed = reportQuery.safeParse(c.req.query());
				if (!parsed.success) return c.json(invalid(parsed.error.issues), 400);
				const { year, tz } = parsed.data;
				if (notStarted(year, tz))
					return c.json(
						{ error: 'invalid', message: `${year} has not started yet` } satisfies ApiError,
						400
					);
				const [people, submissions, conferences, attendance, qi, iqReviews, settings] =
					await Promise.all([
						reportPeople(deps.db),
						reportSubmissions(deps.db, year),
						reportConferences(deps.db, year),
						reportAttendance(deps.db, year),
						reportQi(deps.db),
						reportIqReviews(deps.db, year),
						reportSettings(deps.db)
					]);
				const figures = computeAnnualReport({
					year,
					now: deps.now(),
					timeZone: tz,
					...annualSettings(settings, year),
					people,
					submissions,
					conferences,
					attendance,
					qi,
					iqReviews
				});
				await audit(deps.db, {
					actorId: c.get('user')!.id,
					action: 'report.annual',
					outcome: 'ok',
					detail: { year, tz }
				});
				c.header('cache-control', 'no-store');
				return c.json(figures);
			}
		)
		.get('/oppe', requireRole('peer_learning_director'), async (c) => {
			const parsed = oppeQuery.safeParse(c.req.query());
			if (!parsed.success) return c.json(invalid(parsed.error.issues), 400);
			const { year, tz, format } = parsed.data;
			if (notStarted(year, tz))
				return c.json(
					{ error: 'invalid', message: `${year} has not started yet` } satisfies ApiError,
					400
				);
			const [people, submissions, conferences, attendance] = await Promise.all([
				reportPeople(deps.db),
				reportSubmissions(deps.db, year),
				reportConferences(deps.db, year),
				reportAttendance(deps.db, year)
			]);
			const rows = computeOppe({
				year,
				now: deps.now(),
				timeZone: tz,
				people,
				submissions,
				conferences,
				attendance
			});
			await audit(deps.db, {
				actorId: c.get('user')!.id,
				action: 'report.oppe-export',
				outcome: 'ok',
				detail: { year, tz, format, rows: rows.length }
			});
			c.header('cache-control', 'no-store');
			if (format === 'json')
				return c.json({ year, timeZone: tz, columns: OPPE_COLUMNS, rows: oppeRecords(rows) });
			c.header('content-type', 'text/csv; charset=utf-8');
			c.header('content-disposition', `attachment; filename="oppe-participation-${year}.csv"`);
			// Formula-looking cells are escaped: the file is opened in spreadsheets.
			return c.body(
				Papa.unparse(oppeRecords(rows), { columns: [...OPPE_COLUMNS], escapeFormulae: true })
			);
		});
}
