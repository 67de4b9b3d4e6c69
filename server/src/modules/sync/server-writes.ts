import type { CollectionName, DocOf } from '@rounds/shared/sync/registry';
import { readersOf } from '@rounds/shared/sync/access';
import { sameDoc } from '@rounds/shared/sync/canonical';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import type { Deps } from '../../app-env.ts';
import type { Queryable } from '../../db/db.ts';
import { queueEmails } from '../notifications/mail.ts';
import { insertDocument, lockDocument, toWire, updateDocument } from './documents.repository.ts';
import { deriveDocuments } from './side-effects.ts';

export interface ServerWriteResult {
	inserted: number;
	updated: number;
	unchanged: number;
	/** Collections to announce on the change feed once the transaction has committed. */
	changed: CollectionName[];
}

/**
 * Writes documents the server itself originates (imports, assignment runs, reminders) inside the
 * caller's transaction, exactly as an accepted push would: readers stamped, side effects derived
 * (notifications, emails), a document already stored identically left alone. The caller has
 * validated the documents, and publishes `changed` on the feed after commit.
 */
export async function writeServerDocuments<N extends CollectionName>(
	tx: Queryable,
	deps: Deps,
	collection: N,
	docs: DocOf<N>[]
): Promise<ServerWriteResult> {
	const out: ServerWriteResult = { inserted: 0, updated: 0, unchanged: 0, changed: [] };
	const at = deps.now().toISOString();
	const fresh: Notification[] = [];
	const derivedCollections = new Set<CollectionName>();
	for (const doc of docs) {
		const data = doc as DocOf<N> & { id: string };
		const stored = await lockDocument(tx, collection, data.id);
		if (stored && !stored.deleted && sameDoc(toWire(stored), { ...data, _deleted: false })) {
			out.unchanged++;
			continue;
		}
		const prev = stored && !stored.deleted ? (stored.data as DocOf<N>) : null;
		const readers = readersOf(collection, doc);
		if (stored) {
			await updateDocument(tx, collection, data, false, readers);
			out.updated++;
		} else {
			await insertDocument(tx, collection, data, false, readers);
			out.inserted++;
		}
		for (const d of await deriveDocuments(tx, collection, prev, doc, at)) {
			if (await insertDocument(tx, d.collection, d.doc, false, readersOf(d.collection, d.doc))) {
				derivedCollections.add(d.collection);
				if (d.collection === 'notifications') fresh.push(d.doc as Notification);
			}
		}
	}
	await queueEmails(tx, deps, fresh);
	if (out.inserted || out.updated) out.changed.push(collection);
	out.changed.push(...derivedCollections);
	return out;
}
