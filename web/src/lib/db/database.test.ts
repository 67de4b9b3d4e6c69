import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { collectionNames } from '@rounds/shared/sync/registry';
import { submissionFactory } from '@rounds/shared/testing/factories';
import { openDatabase, type RoundsDatabase } from './database.ts';

let db: RoundsDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

describe('local database', () => {
	it('opens every registered collection under RxDB dev-mode', async () => {
		db = await openDatabase(`devmode-${Date.now()}`, {
			devMode: true,
			storage: getRxStorageMemory()
		});
		expect(Object.keys(db.collections).sort()).toEqual([...collectionNames].sort());
		expect(collectionNames.length).toBeLessThanOrEqual(13);
	});

	it('stores a valid document and refuses one the shared schema rejects', async () => {
		db = await openDatabase(`validate-${Date.now()}`, { storage: getRxStorageMemory() });
		const ok = submissionFactory();
		await db.submissions.insert(ok);
		expect((await db.submissions.findOne(ok.id).exec())?.accession).toBe(ok.accession);
		await expect(
			db.submissions.insert({ ...submissionFactory(), modality: 'XX' as never })
		).rejects.toThrow();
	});
});

describe('local writes and conflicts', () => {
	it('reports the app’s own writes as pending', async () => {
		const writes: string[] = [];
		db = await openDatabase(`hooks-${Date.now()}`, {
			storage: getRxStorageMemory(),
			hooks: { onLocalWrite: (c, id) => writes.push(`${c}:${id}`) }
		});
		const doc = submissionFactory({ id: 'local-1' });
		await db.submissions.insert(doc);
		await (await db.submissions.findOne('local-1').exec())!.incrementalPatch({
			description: 'edited'
		});
		expect(writes).toEqual(['submissions:local-1', 'submissions:local-1']);
	});
});
