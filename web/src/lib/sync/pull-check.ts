import { collections, type CollectionName } from '@rounds/shared/sync/registry';
import type { Checkpoint, WireDoc } from '@rounds/shared/sync/protocol';

/** A pulled document this device's validator refuses, with the schema's complaints. */
export interface RejectedDoc {
	id: string;
	issues: string[];
}

/** One page of the server's answer to a pull. */
export interface PullPage {
	documents: WireDoc[];
	checkpoint: Checkpoint | null;
}

/**
 * Splits a pulled batch into the documents the local database will store and those its
 * validating storage would refuse (the same shared zod schema, see `lib/db/database.ts`).
 */
export function checkPulled(
	name: CollectionName,
	docs: readonly WireDoc[]
): { accepted: WireDoc[]; rejected: RejectedDoc[] } {
	const schema = collections[name].schema;
	const accepted: WireDoc[] = [];
	const rejected: RejectedDoc[] = [];
	for (const doc of docs) {
		const r = schema.safeParse(doc);
		if (r.success) accepted.push(doc);
		else
			rejected.push({
				id: String(doc.id),
				issues: r.error.issues
					.slice(0, 5)
					.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
			});
	}
	return { accepted, rejected };
}

/**
 * RxDB's pull handler for one collection, skipping documents the device cannot store.
 *
 * RxDB 17 writes each pulled batch through the validating storage; a refused row makes the
 * downstream emit `RC_PULL` and keep the old checkpoint (rxdb#6684, `downstream.ts`), so every
 * later pull starts before the bad row again and the collection never moves past it, silently.
 * Here the bad row is reported and left out, and the server's checkpoint is returned, so the rest
 * keeps flowing; a corrected version of it arrives later with a newer checkpoint.
 *
 * RxDB stops pulling when a batch is shorter than `batchSize` (and when it is empty), so after
 * dropping rows from a full page this reads on until it has a full batch or the server runs out.
 */
export function createPullHandler(
	name: CollectionName,
	fetchPage: (checkpoint: Checkpoint | undefined, batchSize: number) => Promise<PullPage>,
	report: (accepted: WireDoc[], rejected: RejectedDoc[]) => void
) {
	return async (
		checkpoint: Checkpoint | undefined,
		batchSize: number
	): Promise<{ documents: WireDoc[]; checkpoint: Checkpoint | undefined }> => {
		let at = checkpoint;
		const documents: WireDoc[] = [];
		for (;;) {
			const page = await fetchPage(at, batchSize);
			const { accepted, rejected } = checkPulled(name, page.documents);
			report(accepted, rejected);
			documents.push(...accepted);
			at = page.checkpoint ?? at;
			if (!rejected.length || page.documents.length < batchSize || documents.length >= batchSize)
				return { documents, checkpoint: at };
		}
	};
}

/**
 * The part of a replication error that stops a collection: a pulled document the local storage
 * refused (RxDB keeps the checkpoint, so the same batch fails again on every pull). `null` for
 * errors RxDB retries by itself (network, server answers), which the indicator already shows.
 */
export function storageRefusal(error: unknown): { id: string; message: string } | null {
	const e = error as {
		code?: string;
		parameters?: {
			writeError?: {
				status?: number;
				documentId?: string;
				validationErrors?: { field?: string; message?: string }[];
			};
		};
	} | null;
	const w = e?.code === 'RC_PULL' ? e.parameters?.writeError : undefined;
	if (!w) return null;
	const details = (w.validationErrors ?? [])
		.slice(0, 5)
		.map((v) => (v.field ? `${v.field}: ${v.message}` : String(v.message)));
	return {
		id: String(w.documentId ?? '?'),
		message: details.length ? details.join('; ') : `storage error ${w.status ?? ''}`.trim()
	};
}
