import { EventEmitter } from 'node:events';
import type { Db } from '../../db/db.ts';

/**
 * Tells stream subscribers that a collection changed. Within one process an EventEmitter;
 * across server instances on PostgreSQL, LISTEN/NOTIFY carries the collection names only
 * (never documents): each stream then pulls with its own scope.
 */
export interface ChangeFeed {
	/** Announce committed changes (call after commit). */
	publish(collections: string[]): Promise<void>;
	/** `collection` names, or `'*'` after a listener reconnect (clients must resync everything). */
	subscribe(fn: (collection: string) => void): () => void;
	close(): Promise<void>;
}

export async function createChangeFeed(db: Db, channel = 'rounds_changes'): Promise<ChangeFeed> {
	const local = new EventEmitter();
	local.setMaxListeners(0);
	const emit = (c: string) => local.emit('change', c);
	let unlisten: (() => Promise<void>) | undefined;
	if (db.listen) {
		unlisten = await db.listen(
			channel,
			(payload) => payload.split(',').filter(Boolean).forEach(emit),
			() => emit('*')
		);
	}
	return {
		async publish(collections) {
			const unique = [...new Set(collections)];
			if (!unique.length) return;
			if (db.kind === 'postgres') {
				// Our own listener delivers it back to this process too.
				await db.query('select pg_notify($1, $2)', [channel, unique.join(',')]);
			} else unique.forEach(emit);
		},
		subscribe(fn) {
			local.on('change', fn);
			return () => local.off('change', fn);
		},
		async close() {
			await unlisten?.();
			local.removeAllListeners();
		}
	};
}
