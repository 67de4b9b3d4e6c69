import type { Person } from '@rounds/shared/identity/identity.schema';
import type { Submission } from '@rounds/shared/submissions/submission.schema';
import type { DashboardSubmission } from '@rounds/shared/reports/dashboards';

type Who = Pick<Person, 'roles'>;
export type DashboardSource = 'local' | 'server';

/**
 * Where a user's dashboards can come from. The director's device holds everything: local
 * (offline). Chiefs and leads hold part of it (their sections' submissions, all attendance):
 * local shows what the device holds, the server the whole program. Leadership viewers never
 * receive submissions: server only, aggregates.
 */
export function dashboardSources(user: Who | null): DashboardSource[] {
	if (!user) return [];
	if (user.roles.includes('peer_learning_director')) return ['local'];
	if (user.roles.some((r) => r === 'section_chief' || r === 'modality_quality_lead'))
		return ['local', 'server'];
	if (user.roles.includes('leadership_viewer')) return ['server'];
	return [];
}

/** Only the director's device holds every submission, so only it can judge submission targets. */
export const holdsAllSubmissions = (user: Who | null) =>
	!!user?.roles.includes('peer_learning_director');

/** The endpoint for one calendar year in the browser's time zone. */
export const dashboardsUrl = (year: number, timeZone: string) =>
	`/api/dashboards?${new URLSearchParams({ from: `${year}-01-01`, to: `${year}-12-31`, tz: timeZone })}`;

/** A local submission narrowed to what the dashboards read. */
export const toDashboardSubmission = (s: Submission): DashboardSubmission => ({
	submitterId: s.submitterId,
	status: s.status,
	submittedAt: s.submittedAt,
	reason: s.reason,
	sectionId: s.sectionId,
	qiInitiativeId: s.triage.qiInitiativeId
});

/** Bar length for `value` against the largest value shown, as a CSS percentage. */
export const scaled = (value: number, max: number): string =>
	`${max > 0 ? Math.round((value / max) * 1000) / 10 : 0}%`;

/** Height (0–100) of a column in a chart whose tallest column is `max`. */
export const columnHeight = (value: number, max: number): number =>
	max > 0 ? Math.round((value / max) * 1000) / 10 : 0;
