import type { Exam } from '@rounds/shared/reviews/exam.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';
import type { Queryable } from '../../db/db.ts';
import type { ImportDirectory } from './exam-import.ts';

/** Sites and people an import resolves names against (people active or not: exams are history). */
export async function loadDirectory(q: Queryable): Promise<ImportDirectory> {
	const sites = await q.query<{
		id: string;
		name: string;
		active: boolean;
		pattern: string | null;
	}>(
		`select id, data->>'name' as name, (data->>'active')::boolean as active,
		        data->'data'->>'accessionPattern' as pattern
		   from documents
		  where collection = 'settings' and not deleted and data->>'kind' = 'site'`
	);
	const people = await q.query<Pick<Person, 'id' | 'name' | 'email' | 'roles'>>(
		`select id, data->>'name' as name, data->>'email' as email, data->'roles' as roles
		   from documents where collection = 'people' and not deleted`
	);
	return {
		sites: sites.rows.map((s) => ({
			id: s.id,
			name: s.name,
			active: s.active,
			accessionPattern: s.pattern ?? '.*'
		})),
		people: people.rows
	};
}

/** Stored exams with one of these accession numbers, keyed by `siteId` + newline + accession. */
export async function examsByAccession(
	q: Queryable,
	accessions: string[]
): Promise<Map<string, Exam>> {
	const out = new Map<string, Exam>();
	if (!accessions.length) return out;
	const { rows } = await q.query<{ data: Exam }>(
		`select data from documents
		  where collection = 'exams' and not deleted and data->>'accession' = any($1::text[])`,
		[accessions]
	);
	for (const { data } of rows) out.set(`${data.siteId}\n${data.accession}`, data);
	return out;
}
