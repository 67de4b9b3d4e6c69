import type { CollectionName } from '@rounds/shared/sync/registry';

/** A local change the server refused for good, kept to tell the user why. */
export interface RefusedChange {
	collection: CollectionName;
	id: string;
	/** The server's reason, in its words. */
	reason: string;
	/** When the server refused it (device clock, for display). */
	at: string;
	/** `updatedAt` of the refused local version. */
	version: string;
	/**
	 * `updatedAt` of the server's copy as far as this device knows (null: it holds none). A pulled
	 * document with another value is a later version, and the refusal is then old news.
	 */
	serverVersion: string | null;
	/** The device holds the server's copy again (or no copy, when the server has none). */
	restored: boolean;
	dismissed: boolean;
	/** Attendance only: whose check-in to which conference, to say it in words. */
	attendance?: { conferenceId: string; userId: string };
}

/** Enough to tell the user; older ones have long been replaced. */
const MAX_REFUSED = 50;

const same = (a: RefusedChange, collection: CollectionName, id: string) =>
	a.collection === collection && a.id === id;

/** Records refusals; a newer refusal of the same document replaces the older one. */
export function noteRefused(
	list: readonly RefusedChange[],
	changes: readonly RefusedChange[]
): RefusedChange[] {
	const kept = list.filter((r) => !changes.some((c) => same(r, c.collection, c.id)));
	return [...kept, ...changes].slice(-MAX_REFUSED);
}

/**
 * Drops refusals made stale by a later version of the document: one the server accepted from
 * this device (`accepted`), or one it sent (`arrived`: any version but the one already known).
 * Returns `list` itself when nothing changed.
 */
export function clearRefused(
	list: readonly RefusedChange[],
	collection: CollectionName,
	docs: readonly { id: string; updatedAt?: unknown }[],
	how: 'accepted' | 'arrived'
): readonly RefusedChange[] {
	if (!list.length || !docs.length) return list;
	const byId = new Map(docs.map((d) => [d.id, d]));
	const next = list.filter((r) => {
		const d = r.collection === collection ? byId.get(r.id) : undefined;
		if (!d) return true;
		return how === 'arrived' && (d.updatedAt ?? null) === r.serverVersion;
	});
	return next.length === list.length ? list : next;
}

/** The server's copy is back on the device; a refusal already dismissed is done with. */
export function markRestored(
	list: readonly RefusedChange[],
	collection: CollectionName,
	id: string,
	serverVersion: string | null
): RefusedChange[] {
	return list.flatMap((r) =>
		!same(r, collection, id) ? [r] : r.dismissed ? [] : [{ ...r, restored: true, serverVersion }]
	);
}

/** The user has read them: restored ones go, the rest stay (hidden) until put back. */
export function dismissRefused(list: readonly RefusedChange[]): RefusedChange[] {
	return list.flatMap((r) => (r.restored ? [] : [{ ...r, dismissed: true }]));
}
