import { getLastCheckpointDoc } from 'rxdb/plugins/core';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { CollectionName } from '@rounds/shared/sync/registry';
import type { Checkpoint, WireDoc } from '@rounds/shared/sync/protocol';
import { sameDoc } from '@rounds/shared/sync/canonical';
import { checkPulled, type RejectedDoc } from './pull-check.ts';

/** The server reads a checkpoint of zero as "from the start", the same as none. */
const FROM_START: Checkpoint = { xid: '0', seq: 0 };

/**
 * Hands `docs` to the replication as the server's state, to be written locally without being
 * pushed back.
 *
 * RxDB 17 treats what arrives on the pull stream (`emitEvent`, the path of `pull.stream$`) as
 * master state: the downstream writes it to the collection flagged as coming from the replication
 * (the upstream skips such writes) and records it as the assumed master state, so the upstream
 * finds nothing to push, now or after a restart. It waits for a push under way to finish, and
 * leaves a document alone if it has a local change still to push (`downstream.ts`). The event
 * carries the checkpoint the downstream already has, so nothing is skipped or pulled twice.
 * RxDB may drop the event (before its downstream listens, or when a pull it started later covers
 * it, as it would for the server's own events): callers check the result and emit again.
 */
export async function writeMasterState(
	replication: RxReplicationState<unknown, Checkpoint>,
	docs: WireDoc[]
): Promise<void> {
	await replication.startPromise;
	const state = replication.internalReplicationState;
	if (!state || replication.isStopped()) return;
	// Read in RxDB's own checkpoint queue, after any checkpoint write still under way.
	state.checkpointQueue = state.checkpointQueue.then(() => getLastCheckpointDoc(state, 'down'));
	const checkpoint = ((await state.checkpointQueue) as Checkpoint | undefined) ?? FROM_START;
	replication.emitEvent({
		documents: docs.map((d) => ({ ...d, _deleted: d._deleted === true })),
		checkpoint
	});
}

const withoutDeleted = ({ _deleted, ...doc }: WireDoc) => (void _deleted, doc);

/**
 * Brings one document the server refused back in line with the server: its copy when it has one
 * (and this user may read it), otherwise no copy at all (a local tombstone). `refused` is the
 * refused state when known (after a reload, the local copy is taken for it). A change the user
 * made since is left to the usual push. Throws when the server cannot be asked (offline) or the
 * device is not yet in line after a few tries: try again later.
 */
export async function putBackServerCopy(opts: {
	name: CollectionName;
	id: string;
	replication: RxReplicationState<unknown, Checkpoint>;
	fetchServerCopy: (id: string) => Promise<WireDoc | null>;
	/** The local document as it is now, without RxDB's fields; null when there is none. */
	readLocal: (id: string) => Promise<WireDoc | null>;
	refused?: WireDoc;
	tries?: number;
	pauseMs?: number;
}): Promise<{ serverVersion: string | null; rejected: RejectedDoc[] }> {
	const server = await opts.fetchServerCopy(opts.id);
	const serverVersion = typeof server?.updatedAt === 'string' ? server.updatedAt : null;
	let target: WireDoc | null = null;
	if (server) {
		const { accepted, rejected } = checkPulled(opts.name, [server]);
		// A copy this app version cannot store is reported like a pulled one; the local copy stays
		// until a corrected version arrives.
		if (!accepted.length) return { serverVersion, rejected };
		target = server;
	}
	const before = await opts.readLocal(opts.id);
	// What the device held when refused (null: the refused change was a deletion).
	const refused = opts.refused ? (opts.refused._deleted === true ? null : opts.refused) : before;
	const unchanged = (local: WireDoc | null) =>
		refused ? !!local && sameDoc(withoutDeleted(local), withoutDeleted(refused)) : !local;
	if (!target) {
		if (!before) return { serverVersion, rejected: [] };
		target = { ...before, _deleted: true };
	}
	const want = target._deleted === true ? null : withoutDeleted(target);
	for (let i = 0; i < (opts.tries ?? 20); i++) {
		const local = await opts.readLocal(opts.id);
		if (want ? local && sameDoc(withoutDeleted(local), want) : !local)
			return { serverVersion, rejected: [] };
		// Changed again since the refusal: that change is pushed (and merged) as usual.
		if (!unchanged(local)) return { serverVersion, rejected: [] };
		await writeMasterState(opts.replication, [target]);
		await new Promise((r) => setTimeout(r, opts.pauseMs ?? 250));
	}
	throw new Error(`${opts.name} ${opts.id}: the server's copy is not back on this device yet`);
}
