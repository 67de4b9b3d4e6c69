import type { Queryable } from '../../db/db.ts';
import type { Modality } from '@rounds/shared/common.schema';
import type { Settings } from '@rounds/shared/org/settings.schema';
import type {
	AnnualAttendance,
	AnnualConference,
	AnnualPerson,
	AnnualQi,
	AnnualSubmission
} from '@rounds/shared/reports/annual';
import { analyticsReviews } from '../iq-analytics/iq-analytics.repository.ts';

/**
 * What the annual report and the OPPE export read, reduced in SQL to participation fields:
 * descriptions, teaching points, accession numbers, reasons and comments never leave the
 * database on this path. Date prefilters are a day wider than the year on each side (any time
 * zone's New Year falls inside), and the shared function filters again by calendar day, so the
 * server's figures are the browser's.
 */

/** A year's bounds padded by two days, as timestamps for the prefilters. */
const padded = (year: number) => [`${year - 1}-12-30T00:00:00Z`, `${year + 1}-01-03T00:00:00Z`];

/** Everyone, narrowed to the fields the report and the OPPE rows read. */
export async function reportPeople(
	q: Queryable
): Promise<(AnnualPerson & { name: string; email: string })[]> {
	const { rows } = await q.query<{
		id: string;
		name: string;
		email: string;
		roles: AnnualPerson['roles'];
		fte: number;
		section_ids: string[];
		active: boolean;
		created_at: string;
		updated_at: string;
	}>(
		`select id, data->>'name' as name, data->>'email' as email, data->'roles' as roles,
		        data->'fte' as fte, data->'sectionIds' as section_ids,
		        (data->>'active')::boolean as active,
		        data->>'createdAt' as created_at, data->>'updatedAt' as updated_at
		   from documents where collection = 'people' and not deleted`
	);
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		email: r.email,
		roles: r.roles,
		fte: Number(r.fte),
		sectionIds: r.section_ids,
		active: r.active,
		createdAt: r.created_at,
		updatedAt: r.updated_at
	}));
}

/** Learning opportunities submitted around the year: who, when and the status only. */
export async function reportSubmissions(q: Queryable, year: number): Promise<AnnualSubmission[]> {
	const { rows } = await q.query<{ submitter_id: string; submitted_at: string; status: string }>(
		`select data->>'submitterId' as submitter_id, data->>'submittedAt' as submitted_at,
		        data->>'status' as status
		   from documents
		  where collection = 'submissions' and not deleted
		    and data->>'status' <> 'draft' and data->>'submittedAt' is not null
		    and (data->>'submittedAt')::timestamptz >= $1::timestamptz
		    and (data->>'submittedAt')::timestamptz < $2::timestamptz`,
		padded(year)
	);
	return rows.map((r) => ({
		submitterId: r.submitter_id,
		submittedAt: r.submitted_at,
		status: r.status as AnnualSubmission['status']
	}));
}

/** Conferences starting around the year, with the number of cases on their agenda. */
export async function reportConferences(q: Queryable, year: number): Promise<AnnualConference[]> {
	const { rows } = await q.query<{
		id: string;
		kind: AnnualConference['kind'];
		section_id: string;
		modality: Modality | '';
		starts_at: string;
		status: AnnualConference['status'];
		cases: number;
	}>(
		`select id, data->>'kind' as kind, data->>'sectionId' as section_id,
		        data->>'modality' as modality, data->>'startsAt' as starts_at,
		        data->>'status' as status, jsonb_array_length(data->'caseIds') as cases
		   from documents
		  where collection = 'conferences' and not deleted
		    and (data->>'startsAt')::timestamptz >= $1::timestamptz
		    and (data->>'startsAt')::timestamptz < $2::timestamptz`,
		padded(year)
	);
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		sectionId: r.section_id,
		modality: r.modality,
		startsAt: r.starts_at,
		status: r.status,
		cases: Number(r.cases)
	}));
}

/** Who was at which conference, for conferences starting around the year. */
export async function reportAttendance(q: Queryable, year: number): Promise<AnnualAttendance[]> {
	const { rows } = await q.query<{ conference_id: string; user_id: string }>(
		`select a.data->>'conferenceId' as conference_id, a.data->>'userId' as user_id
		   from documents a
		   join documents c on c.collection = 'conferences' and c.id = a.data->>'conferenceId'
		  where a.collection = 'attendance' and not a.deleted and not c.deleted
		    and (c.data->>'startsAt')::timestamptz >= $1::timestamptz
		    and (c.data->>'startsAt')::timestamptz < $2::timestamptz`,
		padded(year)
	);
	return rows.map((r) => ({ conferenceId: r.conference_id, userId: r.user_id }));
}

/** QI initiatives without their owner or origin links. */
export async function reportQi(q: Queryable): Promise<AnnualQi[]> {
	const { rows } = await q.query<{ data: AnnualQi }>(
		`select jsonb_build_object(
		          'title', data->'title', 'status', data->'status', 'originKind', data->'originKind',
		          'startedOn', data->'startedOn', 'completedOn', data->'completedOn',
		          'outcome', data->'outcome', 'createdAt', data->'createdAt') as data
		   from documents where collection = 'qi_initiatives' and not deleted`
	);
	return rows.map((r) => r.data);
}

/** Section and target-policy settings (a few small documents). */
export async function reportSettings(q: Queryable): Promise<Settings[]> {
	const { rows } = await q.query<{ data: Settings }>(
		`select data from documents
		  where collection = 'settings' and not deleted
		    and data->>'kind' in ('section', 'target-policy')`
	);
	return rows.map((r) => r.data);
}

/** Image-quality reviews of exams performed in the year, narrowed by the IQ analytics. */
export const reportIqReviews = (q: Queryable, year: number) =>
	analyticsReviews(q, `${year}-01-01`, `${year}-12-31`, undefined);
