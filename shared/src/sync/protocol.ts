import { z } from 'zod';

/**
 * The wire protocol of RxDB's HTTP replication, defined once for server and client.
 * A checkpoint follows commit order: the writing transaction's id, then a per-row sequence.
 */
export const checkpointSchema = z.object({
	xid: z.string().regex(/^\d{1,20}$/),
	seq: z.number().int().min(0)
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** `checkpoint` query parameter: `xid:seq`, absent for the very first pull. */
export function encodeCheckpoint(c: Checkpoint | null | undefined): string {
	return c ? `${c.xid}:${c.seq}` : '';
}
export function decodeCheckpoint(s: string | null | undefined): Checkpoint | null | 'invalid' {
	if (!s) return null;
	const m = /^(\d{1,20}):(\d{1,15})$/.exec(s);
	if (!m) return 'invalid';
	return { xid: m[1]!, seq: Number(m[2]) };
}

export const MAX_BATCH = 500;
export const MAX_PUSH_ROWS = 200;
export const MAX_PUSH_BYTES = 2_000_000;

/** A document as it travels: the collection's fields plus RxDB's deletion flag. */
export const wireDoc = z.looseObject({ id: z.string(), _deleted: z.boolean().optional() });
export type WireDoc = z.infer<typeof wireDoc>;

export const pushRow = z.object({
	assumedMasterState: wireDoc.nullish(),
	newDocumentState: wireDoc
});
export type PushRow = z.infer<typeof pushRow>;
export const pushBody = z.array(pushRow).max(MAX_PUSH_ROWS);

export interface PullResponse<D = WireDoc> {
	documents: D[];
	checkpoint: Checkpoint | null;
}

/** Server-Sent Event on `/api/replication/stream`. */
export type StreamEvent = { collection: string; resync: true } | 'RESYNC';

/** Header the client sends with its schema versions, e.g. `submissions@0`. */
export const SCHEMA_VERSION_HEADER = 'x-rounds-schema';

/** Error body every 4xx of the API uses. */
export interface ApiError {
	error: string;
	message: string;
	details?: unknown;
}
