import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submissionFactory } from '@rounds/shared/testing/factories';
import type { Checkpoint } from '@rounds/shared/sync/protocol';
import { openTestDb, type TestDb } from '../../testing/test-db.ts';
import { insertDocument, pullDocuments } from './documents.repository.ts';

let t: TestDb;
beforeEach(async () => {
	t = await openTestDb();
});
afterEach(async () => {
	await t.close();
});

describe('pull order', () => {
	// The query returns xid and seq as text; ordering by those would put seq 10 before 9 and the
	// checkpoint of a page would jump past rows never sent (sync rule 1).
	it('pages through rows in numeric commit order across a change in digit count', async () => {
		const ids = Array.from({ length: 25 }, (_, i) => `s-${String(i).padStart(2, '0')}`);
		await t.db.transaction(async (tx) => {
			for (const id of ids)
				await insertDocument(tx, 'submissions', submissionFactory({ id }), false, ['all']);
		});
		const seen: string[] = [];
		let checkpoint: Checkpoint | null = null;
		for (;;) {
			const rows = await pullDocuments(t.db, 'submissions', ['all'], checkpoint, 4);
			seen.push(...rows.map((r) => r.id));
			if (rows.length < 4) break;
			const last = rows.at(-1)!;
			checkpoint = { xid: last.xid, seq: Number(last.seq) };
		}
		expect(seen).toEqual(ids);
	});
});
