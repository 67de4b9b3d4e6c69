import type { Queryable } from '../../db/db.ts';
import type { Settings } from '@rounds/shared/org/settings.schema';
import type { PersonForTargets } from '@rounds/shared/reports/targets';
import type {
	DashboardAttendance,
	DashboardConference,
	DashboardSubmission
} from '@rounds/shared/reports/dashboards';

/**
 * The documents the dashboards read, reduced in SQL to participation fields: descriptions,
 * teaching points, accessions, readers and names never leave the database. A day's margin on
 * each side of the year lets the shared function decide days in the requested time zone.
 */
export async function dashboardData(q: Queryable, year: number) {
	const lo = `${year - 1}-12-31`;
	const hi = `${year + 1}-01-01T23:59:59.999Z`;
	const [subs, confs, att, people, settings] = await Promise.all([
		q.query<DashboardSubmission>(
			`select data->>'submitterId' as "submitterId", data->>'status' as status,
			        data->>'submittedAt' as "submittedAt", data->>'reason' as reason,
			        data->>'sectionId' as "sectionId",
			        data->'triage'->>'qiInitiativeId' as "qiInitiativeId"
			   from documents
			  where collection = 'submissions' and not deleted and data->>'status' <> 'draft'
			    and data->>'submittedAt' between $1 and $2`,
			[lo, hi]
		),
		q.query<DashboardConference>(
			`select data->>'id' as id, data->>'kind' as kind, data->>'title' as title,
			        data->>'sectionId' as "sectionId", data->>'startsAt' as "startsAt",
			        data->>'status' as status
			   from documents
			  where collection = 'conferences' and not deleted
			    and data->>'startsAt' between $1 and $2`,
			[lo, hi]
		),
		q.query<DashboardAttendance>(
			`select a.data->>'conferenceId' as "conferenceId", a.data->>'userId' as "userId"
			   from documents a
			   join documents c on c.collection = 'conferences' and c.id = a.data->>'conferenceId'
			  where a.collection = 'attendance' and not a.deleted and not c.deleted
			    and c.data->>'startsAt' between $1 and $2`,
			[lo, hi]
		),
		q.query<{ data: PersonForTargets }>(
			`select jsonb_build_object('id', data->'id', 'roles', data->'roles', 'fte', data->'fte',
			        'sectionIds', data->'sectionIds', 'active', data->'active',
			        'createdAt', data->'createdAt', 'updatedAt', data->'updatedAt') as data
			   from documents where collection = 'people' and not deleted`
		),
		q.query<{ data: Settings }>(
			`select data from documents
			  where collection = 'settings' and not deleted and data->>'kind' in ('section', 'target-policy')`
		)
	]);
	return {
		submissions: subs.rows,
		conferences: confs.rows,
		attendance: att.rows,
		people: people.rows.map((r) => r.data),
		settings: settings.rows.map((r) => r.data)
	};
}

/** Submitted learning opportunities linked to each QI initiative, all time (counts only). */
export async function qiLinkedCounts(q: Queryable) {
	const { rows } = await q.query<{ initiativeId: string; submissions: number }>(
		`select data->'triage'->>'qiInitiativeId' as "initiativeId", count(*)::int as submissions
		   from documents
		  where collection = 'submissions' and not deleted and data->>'status' <> 'draft'
		    and data->'triage'->>'qiInitiativeId' is not null
		  group by 1 order by 1`
	);
	return rows;
}
