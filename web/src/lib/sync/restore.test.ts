import { afterEach, describe, expect, it, vi } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { submissionFactory } from '@rounds/shared/testing/factories';
import { sameDoc } from '@rounds/shared/sync/canonical';
import type { Checkpoint, WireDoc } from '@rounds/shared/sync/protocol';
import { openDatabase, type RoundsDatabase } from '#lib/db/database.ts';
import type { PushedRow } from './push-outcome.ts';
import { createPushHandler, SyncHttpError, type PushSettlement } from './push-refusal.ts';
import { putBackServerCopy } from './restore.ts';

const DENIED = 'You do not have permission to change this record';
const EXPIRED = 'This check-in code has expired: scan the code on the screen again';

/**
 * A server that behaves like ours for one collection: pulls in write order, pushes atomic per
 * request with compare-and-set, and a refusal (403/422) naming the first row at fault.
 */
function fakeServer(initial: WireDoc[]) {
	let seq = 0;
	const docs = new Map<string, { doc: WireDoc; seq: number }>();
	const put = (doc: WireDoc) =>
		docs.set(doc.id, { doc: { ...doc, _deleted: doc._deleted === true }, seq: ++seq });
	initial.forEach(put);
	const pushes: string[][] = [];
	return {
		pushes,
		get: (id: string) => docs.get(id)?.doc ?? null,
		async pull(checkpoint: Checkpoint | undefined, batchSize: number) {
			const after = checkpoint?.seq ?? 0;
			const page = [...docs.values()]
				.filter((d) => d.seq > after)
				.sort((a, b) => a.seq - b.seq)
				.slice(0, batchSize);
			const last = page.at(-1);
			return {
				documents: page.map((d) => d.doc),
				checkpoint: last ? { xid: '1', seq: last.seq } : (checkpoint ?? null)
			};
		},
		async push(rows: PushedRow[]): Promise<WireDoc[]> {
			pushes.push(rows.map((r) => r.newDocumentState.id));
			// A push loop is a failure of its own, not a test that runs out of memory.
			if (pushes.length > 20) throw new Error('pushed over and over');
			const conflicts: WireDoc[] = [];
			const writes: WireDoc[] = [];
			for (const [i, r] of rows.entries()) {
				const next = r.newDocumentState as WireDoc;
				const stored = docs.get(next.id)?.doc ?? null;
				if (stored && sameDoc(stored, next)) continue;
				const assumed = r.assumedMasterState ?? null;
				if (stored ? !sameDoc(stored, assumed) : assumed && assumed._deleted !== true) {
					if (!stored)
						throw new SyncHttpError(409, 'unknown', {
							error: 'rejected',
							message: 'The document you changed does not exist on the server',
							details: [{ row: i, id: next.id, problem: 'unknown document' }]
						});
					conflicts.push(stored);
					continue;
				}
				const refusal =
					next.description === 'rewritten by someone else'
						? { status: 403, message: DENIED, problem: DENIED }
						: next.teachingPoint === 'expired'
							? { status: 422, message: EXPIRED, problem: `token: ${EXPIRED}` }
							: null;
				if (refusal)
					throw new SyncHttpError(refusal.status, refusal.message, {
						error: 'rejected',
						message: refusal.message,
						details: [{ row: i, id: next.id, problem: refusal.problem }]
					});
				writes.push(next);
			}
			writes.forEach(put);
			return conflicts;
		}
	};
}

let db: RoundsDatabase | undefined;
/** Every put-back started, to wait for (and fail on) in the tests. */
const restores: Promise<unknown>[] = [];
const running: RxReplicationState<unknown, Checkpoint>[] = [];
afterEach(async () => {
	await Promise.allSettled(restores.splice(0));
	await Promise.all(running.splice(0).map((r) => r.cancel()));
	await db?.remove();
	db = undefined;
});

const readLocal = async (id: string) =>
	((await db!.submissions.findOne(id).exec())?.toJSON() as WireDoc | undefined) ?? null;

/** The wiring of `replication.ts` for one collection, minus HTTP and the status store. */
function replicate(
	db: RoundsDatabase,
	server: ReturnType<typeof fakeServer>,
	settlements: PushSettlement[]
) {
	const replication: RxReplicationState<unknown, Checkpoint> = replicateRxCollection<
		unknown,
		Checkpoint
	>({
		collection: db.submissions as never,
		replicationIdentifier: 'test-refusal',
		live: true,
		retryTime: 50,
		waitForLeadership: false,
		pull: {
			batchSize: 10,
			handler: ((c: Checkpoint | undefined, n: number) => server.pull(c, n)) as never
		},
		push: {
			batchSize: 50,
			handler: createPushHandler(
				(rows) => server.push(rows),
				(s) => {
					settlements.push(s);
					for (const { row } of s.refused)
						restores.push(
							putBackServerCopy({
								name: 'submissions',
								id: row.newDocumentState.id,
								replication,
								fetchServerCopy: async (id) => server.get(id),
								readLocal,
								refused: row.newDocumentState,
								pauseMs: 50
							})
						);
				}
			) as never
		}
	});
	running.push(replication);
	return replication;
}

describe('a change the server refuses', () => {
	it('does not hold back the others, is reported, and the device goes back to the server’s copy', async () => {
		const kept = submissionFactory({ id: 'kept', description: 'Original description.' });
		const server = fakeServer([kept as unknown as WireDoc]);
		db = await openDatabase(`refusal-${Date.now()}-${Math.random()}`, {
			storage: getRxStorageMemory()
		});
		const settlements: PushSettlement[] = [];
		const first = replicate(db, server, settlements);
		await first.awaitInitialReplication();
		await first.cancel();

		// Offline: a change the rules forbid, two good new records and a check-in that expired.
		await (await db.submissions.findOne('kept').exec())!.incrementalPatch({
			description: 'rewritten by someone else',
			updatedAt: '2026-03-02T10:00:00.000Z'
		});
		await db.submissions.bulkInsert([
			submissionFactory({ id: 'new-1' }),
			submissionFactory({ id: 'expired', teachingPoint: 'expired' }),
			submissionFactory({ id: 'new-2' })
		]);

		// Back online (a reload): one push of everything waiting.
		const second = replicate(db, server, settlements);
		await vi.waitFor(() => expect(server.get('new-2')).not.toBeNull());
		// RxDB orders the batch its own way: compare each request as a set.
		expect(server.pushes.map((ids) => [...ids].sort())).toEqual([
			['expired', 'kept', 'new-1', 'new-2'],
			['expired', 'new-1', 'new-2'],
			['new-1', 'new-2']
		]);
		expect(server.get('new-1')).not.toBeNull();
		expect(server.get('expired')).toBeNull();
		expect(server.get('kept')!.description).toBe('Original description.');
		expect(settlements).toHaveLength(1);
		expect(settlements[0]!.sent.map((r) => r.newDocumentState.id).sort()).toEqual([
			'new-1',
			'new-2'
		]);
		expect(
			settlements[0]!.refused.map((r) => [r.row.newDocumentState.id, r.reason]).sort()
		).toEqual([
			['expired', EXPIRED],
			['kept', DENIED]
		]);

		// The device is back in line: the server's copy of the one, none of the other.
		const restored = await Promise.all(restores);
		expect(restored.map((r) => JSON.stringify(r)).sort()).toEqual([
			JSON.stringify({ serverVersion: kept.updatedAt, rejected: [] }),
			JSON.stringify({ serverVersion: null, rejected: [] })
		]);
		expect((await db.submissions.findOne('kept').exec())?.description).toBe(
			'Original description.'
		);
		expect(await db.submissions.findOne('expired').exec()).toBeNull();
		expect((await db.submissions.find().exec()).map((d) => d.id).sort()).toEqual([
			'kept',
			'new-1',
			'new-2'
		]);

		// Nothing is pushed again for them: not with the next change, not after a restart.
		await db.submissions.insert(submissionFactory({ id: 'new-3' }));
		await vi.waitFor(() => expect(server.get('new-3')).not.toBeNull());
		await second.cancel();
		const third = replicate(db, server, settlements);
		await third.awaitInitialReplication();
		await third.awaitInSync();
		expect(server.pushes.slice(3)).toEqual([['new-3']]);
		expect((await db.submissions.findOne('kept').exec())?.description).toBe(
			'Original description.'
		);
		expect(await db.submissions.findOne('expired').exec()).toBeNull();

		// Done again properly (a check-in scanned anew has the same id): it is accepted.
		await db.submissions.insert(
			submissionFactory({ id: 'expired', teachingPoint: 'scanned again' })
		);
		await vi.waitFor(() => expect(server.get('expired')?.teachingPoint).toBe('scanned again'));
		expect(server.pushes.at(-1)).toEqual(['expired']);
	});

	it('leaves a change made before the put-back to the usual push and merge', async () => {
		const kept = submissionFactory({ id: 'kept', description: 'Original description.' });
		const server = fakeServer([kept as unknown as WireDoc]);
		db = await openDatabase(`refusal-later-${Date.now()}-${Math.random()}`, {
			storage: getRxStorageMemory()
		});
		const settlements: PushSettlement[] = [];
		// The server's copy is fetched only once the user's next change has reached the server.
		let release = () => {};
		const held = new Promise<void>((r) => (release = r));
		const replication: RxReplicationState<unknown, Checkpoint> = replicateRxCollection<
			unknown,
			Checkpoint
		>({
			collection: db.submissions as never,
			replicationIdentifier: 'test-refusal-later',
			live: true,
			retryTime: 50,
			waitForLeadership: false,
			pull: {
				batchSize: 10,
				handler: ((c: Checkpoint | undefined, n: number) => server.pull(c, n)) as never
			},
			push: {
				batchSize: 50,
				handler: createPushHandler(
					(rows) => server.push(rows),
					(s) => {
						settlements.push(s);
						for (const { row } of s.refused)
							restores.push(
								putBackServerCopy({
									name: 'submissions',
									id: row.newDocumentState.id,
									replication,
									fetchServerCopy: async (id) => (await held, server.get(id)),
									readLocal,
									refused: row.newDocumentState,
									pauseMs: 50
								})
							);
					}
				) as never
			}
		});
		running.push(replication);
		await replication.awaitInitialReplication();
		const doc = await db.submissions.findOne('kept').exec();
		await doc!.incrementalPatch({ description: 'rewritten by someone else' });
		await vi.waitFor(() => expect(settlements).toHaveLength(1));
		await doc!.getLatest().incrementalPatch({ teachingPoint: 'A fair addition.' });
		// Pushed against the refused state, it meets the server's copy: the shared merge undoes
		// the refused field and keeps the new one.
		await vi.waitFor(() => expect(server.get('kept')!.teachingPoint).toBe('A fair addition.'));
		expect(server.get('kept')!.description).toBe('Original description.');
		release();
		await Promise.all(restores);
		await replication.awaitInSync();
		const local = await db.submissions.findOne('kept').exec();
		expect([local?.description, local?.teachingPoint]).toEqual([
			'Original description.',
			'A fair addition.'
		]);
	});
});
