import { personSchema, type Person } from '@rounds/shared/identity/identity.schema';
import { readersOf } from '@rounds/shared/sync/access';
import type { Queryable } from '../../db/db.ts';
import {
	getDocuments,
	insertDocument,
	lockDocument,
	updateDocument
} from '../sync/documents.repository.ts';
import { endSessionsOf } from './session.repository.ts';

/** People live in the replicated `people` collection; credentials in `people_auth`. */
export async function findPerson(q: Queryable, id: string): Promise<Person | undefined> {
	return (await getDocuments<Person>(q, 'people', [id]))[0];
}

export async function findCredentials(
	q: Queryable,
	email: string
): Promise<{ personId: string; passwordHash: string } | undefined> {
	const { rows } = await q.query<{ person_id: string; password_hash: string }>(
		'select person_id, password_hash from people_auth where email = $1',
		[email.trim().toLowerCase()]
	);
	const r = rows[0];
	return r && { personId: r.person_id, passwordHash: r.password_hash };
}

export async function emailTaken(q: Queryable, email: string): Promise<boolean> {
	return (await q.query('select 1 from people_auth where email = $1', [email])).rowCount > 0;
}

/** Inserts a person document and their credentials. */
export async function insertPerson(
	q: Queryable,
	person: Person,
	passwordHash: string
): Promise<void> {
	const doc = personSchema.parse(person);
	await insertDocument(q, 'people', doc, false, readersOf('people', doc));
	await q.query('insert into people_auth (person_id, email, password_hash) values ($1, $2, $3)', [
		doc.id,
		doc.email.toLowerCase(),
		passwordHash
	]);
}

export async function setPasswordHash(
	q: Queryable,
	personId: string,
	passwordHash: string
): Promise<boolean> {
	const r = await q.query(
		'update people_auth set password_hash = $2, updated_at = now() where person_id = $1',
		[personId, passwordHash]
	);
	return r.rowCount === 1;
}

/** Marks the person inactive (replicated) and ends every session they have. */
export async function deactivatePerson(
	q: Queryable,
	personId: string,
	at: Date
): Promise<Person | undefined> {
	const row = await lockDocument(q, 'people', personId);
	if (!row || row.deleted) return undefined;
	const next = { ...(row.data as Person), active: false, updatedAt: at.toISOString() };
	await updateDocument(q, 'people', next, false, readersOf('people', next));
	await endSessionsOf(q, personId, at);
	return next;
}

/** Every person, active or not, by name. */
export async function listPeople(q: Queryable): Promise<Person[]> {
	const { rows } = await q.query<{ data: Person }>(
		`select data from documents where collection = 'people' and not deleted order by data->>'name'`
	);
	return rows.map((r) => r.data);
}
