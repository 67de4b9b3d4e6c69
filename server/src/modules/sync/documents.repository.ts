import type { Queryable } from '../../db/db.ts';
import type { Checkpoint, WireDoc } from '@rounds/shared/sync/protocol';

/**
 * SQL for the generic `documents` table that holds every replicated collection.
 *
 * Ordering (sync rule 1): each write stamps the row with its transaction id (`xid`, from
 * `pg_current_xact_id()`) and a sequence number. Transaction ids are handed out at first write,
 * not at commit, so a later-numbered transaction can commit first. A pull therefore only serves
 * rows whose transaction is older than every transaction still running
 * (`xid < pg_snapshot_xmin(pg_current_snapshot())`): those can never be joined by an older row,
 * so a checkpoint `(xid, seq)` never skips one. The ordering values stay outside the document
 * itself (rule 2), so RxDB sees no server-stamped field changing.
 */

export interface StoredRow {
	id: string;
	data: Record<string, unknown>;
	deleted: boolean;
	xid: string;
	seq: string;
}

/** The document as replicated: its fields plus `_deleted`. */
export function toWire(row: Pick<StoredRow, 'data' | 'deleted'>): WireDoc {
	return { ...(row.data as WireDoc), _deleted: row.deleted };
}

/** Rows the principals may read, after the checkpoint, in commit-safe order. */
export async function pullDocuments(
	q: Queryable,
	collection: string,
	principals: string[],
	checkpoint: Checkpoint | null,
	limit: number
): Promise<StoredRow[]> {
	const { rows } = await q.query<StoredRow>(
		`select id, data, deleted, xid::text as xid, seq::text as seq
		   from documents
		  where collection = $1
		    and readers && $2::text[]
		    and (xid, seq) > ($3::xid8, $4::bigint)
		    and xid < pg_snapshot_xmin(pg_current_snapshot())
		  -- Qualified: bare names would sort by the text aliases above ('10' < '9').
		  order by documents.xid, documents.seq
		  limit $5`,
		[collection, principals, checkpoint?.xid ?? '0', checkpoint?.seq ?? 0, limit]
	);
	return rows;
}

/** The stored row, locked until the transaction ends (compare-and-set happens under this lock). */
export async function lockDocument(
	q: Queryable,
	collection: string,
	id: string
): Promise<StoredRow | undefined> {
	const { rows } = await q.query<StoredRow>(
		`select id, data, deleted, xid::text as xid, seq::text as seq
		   from documents where collection = $1 and id = $2 for update`,
		[collection, id]
	);
	return rows[0];
}

/** Inserts a new document; false when the id already exists (the caller then compares). */
export async function insertDocument(
	q: Queryable,
	collection: string,
	doc: Record<string, unknown> & { id: string },
	deleted: boolean,
	readers: string[]
): Promise<boolean> {
	const r = await q.query(
		`insert into documents (collection, id, data, deleted, readers)
		 values ($1, $2, $3::jsonb, $4, $5::text[])
		 on conflict (collection, id) do nothing`,
		[collection, doc.id, JSON.stringify(doc), deleted, readers]
	);
	return r.rowCount === 1;
}

/** Overwrites a document and re-stamps its ordering values. */
export async function updateDocument(
	q: Queryable,
	collection: string,
	doc: Record<string, unknown> & { id: string },
	deleted: boolean,
	readers: string[]
): Promise<void> {
	await q.query(
		`update documents
		    set data = $3::jsonb, deleted = $4, readers = $5::text[],
		        xid = pg_current_xact_id(),
		        seq = nextval(pg_get_serial_sequence('documents', 'seq')),
		        server_updated_at = clock_timestamp()
		  where collection = $1 and id = $2`,
		[collection, doc.id, JSON.stringify(doc), deleted, readers]
	);
}

/** Current data of several documents of one collection (not deleted). */
export async function getDocuments<T = Record<string, unknown>>(
	q: Queryable,
	collection: string,
	ids: string[]
): Promise<T[]> {
	if (!ids.length) return [];
	const { rows } = await q.query<{ data: T }>(
		`select data from documents where collection = $1 and id = any($2::text[]) and not deleted`,
		[collection, ids]
	);
	return rows.map((r) => r.data);
}

/** All live documents of a collection (for small ones: sites, sections, templates). */
export async function allDocuments<T = Record<string, unknown>>(
	q: Queryable,
	collection: string
): Promise<T[]> {
	const { rows } = await q.query<{ data: T }>(
		`select data from documents where collection = $1 and not deleted order by id`,
		[collection]
	);
	return rows.map((r) => r.data);
}

/** One stored row, tombstones included, when one of the principals may read it. */
export async function readableDocument(
	q: Queryable,
	collection: string,
	id: string,
	principals: string[]
): Promise<StoredRow | undefined> {
	const { rows } = await q.query<StoredRow>(
		`select id, data, deleted, xid::text as xid, seq::text as seq
		   from documents where collection = $1 and id = $2 and readers && $3::text[]`,
		[collection, id, principals]
	);
	return rows[0];
}
