import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { submissionFactory } from '@rounds/shared/testing/factories';
import type { Checkpoint, WireDoc } from '@rounds/shared/sync/protocol';
import { openDatabase, type RoundsDatabase } from '#lib/db/database.ts';
import { checkPulled, createPullHandler, storageRefusal, type RejectedDoc } from './pull-check.ts';

/** A server holding `docs` in commit order, answering pulls the way ours does. */
function fakeServer(docs: WireDoc[]) {
	const pulls: (number | null)[] = [];
	return {
		pulls,
		async page(checkpoint: Checkpoint | undefined, batchSize: number) {
			const after = checkpoint?.seq ?? 0;
			pulls.push(checkpoint ? checkpoint.seq : null);
			const rows = docs.map((d, i) => ({ d, seq: i + 1 })).filter((r) => r.seq > after);
			const page = rows.slice(0, batchSize);
			const last = page.at(-1);
			return {
				documents: page.map((r) => r.d),
				checkpoint: last ? { xid: '1', seq: last.seq } : (checkpoint ?? null)
			};
		}
	};
}

const valid = (n: number) => submissionFactory({ id: `ok-${n}` }) as unknown as WireDoc;
const invalid = (n: number) =>
	({ ...submissionFactory({ id: `bad-${n}` }), modality: 'XX' }) as unknown as WireDoc;

let db: RoundsDatabase | undefined;
let replication: RxReplicationState<unknown, Checkpoint> | undefined;
afterEach(async () => {
	await replication?.cancel();
	await db?.remove();
	replication = db = undefined;
});

async function replicate(
	handler: (c: Checkpoint | undefined, n: number) => Promise<{ documents: WireDoc[] }>
) {
	db = await openDatabase(`pull-${Date.now()}-${Math.random()}`, {
		storage: getRxStorageMemory()
	});
	const errors: unknown[] = [];
	replication = replicateRxCollection<unknown, Checkpoint>({
		collection: db.submissions as never,
		replicationIdentifier: 'test-pull',
		live: true,
		retryTime: 50,
		waitForLeadership: false,
		pull: { batchSize: 3, handler: handler as never }
	});
	replication.error$.subscribe((e) => errors.push(e));
	await replication.awaitInitialReplication();
	return { db, replication, errors };
}

describe('a pulled document the device refuses', () => {
	it('without the check, keeps the collection before it on every pull, seen only on error$', async () => {
		const docs = [valid(1), valid(2), valid(3), valid(4), invalid(1)];
		const server = fakeServer(docs);
		const { db, replication, errors } = await replicate((c, n) => server.page(c, n));
		expect(errors.map(storageRefusal)).toContainEqual({
			id: 'bad-1',
			message: expect.stringContaining('modality')
		});
		// A new document on the server: the pull starts again from before the bad one (seq 5),
		// which fails again, and so on for every change to come.
		docs.push(valid(5));
		server.pulls.length = 0;
		errors.length = 0;
		replication.reSync();
		await replication.awaitInSync();
		expect(server.pulls[0]).toBe(3);
		expect(errors.map(storageRefusal)).toContainEqual(expect.objectContaining({ id: 'bad-1' }));
		expect(await db.submissions.count().exec()).toBe(5);
	});

	it('with the check, is skipped and reported while the rest keeps flowing', async () => {
		const server = fakeServer([
			valid(1),
			invalid(1),
			valid(2),
			invalid(2),
			invalid(3),
			invalid(4),
			valid(3),
			valid(4),
			valid(5),
			valid(6)
		]);
		const reported: RejectedDoc[] = [];
		const handler = createPullHandler(
			'submissions',
			(c, n) => server.page(c, n),
			(_, r) => reported.push(...r)
		);
		const { db, replication, errors } = await replicate(handler);
		expect(errors.map(storageRefusal).filter(Boolean)).toEqual([]);
		expect(reported.map((r) => r.id)).toEqual(['bad-1', 'bad-2', 'bad-3', 'bad-4']);
		expect(reported[0]!.issues.join()).toContain('modality');
		const ids = (await db.submissions.find().exec()).map((d) => d.id).sort();
		expect(ids).toEqual(['ok-1', 'ok-2', 'ok-3', 'ok-4', 'ok-5', 'ok-6']);
		// The checkpoint moved past the bad documents: the next pull starts at the end.
		server.pulls.length = 0;
		replication.reSync();
		await replication.awaitInSync();
		expect(server.pulls[0]).toBe(10);
	});
});

describe('checkPulled', () => {
	it('keeps documents the shared schema accepts, tombstones included', () => {
		const gone = { ...valid(2), _deleted: true };
		const r = checkPulled('submissions', [valid(1), invalid(1), gone]);
		expect(r.accepted.map((d) => d.id)).toEqual(['ok-1', 'ok-2']);
		expect(r.rejected).toEqual([{ id: 'bad-1', issues: [expect.stringMatching(/^modality: /)] }]);
	});
});

describe('storageRefusal', () => {
	it('ignores network and server errors, which RxDB retries', () => {
		expect(storageRefusal({ code: 'RC_PULL', parameters: { errors: [{}] } })).toBeNull();
		expect(storageRefusal(new Error('offline'))).toBeNull();
		expect(storageRefusal(null)).toBeNull();
	});
});
