import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { PresentationCase } from '@rounds/shared/conferences/conference.schema';
import { caseDetector } from '@rounds/shared/conferences/gate';
import { siteFactory } from '@rounds/shared/testing/factories';
import { openDatabase, type RoundsDatabase } from '../../db/database.ts';
import { newCaseFrom } from './new-case.ts';
import { writeCaseEdit, writeCaseReady, type CaseContent } from './case-writes.ts';

const T0 = '2026-03-02T09:00:00.000Z';
const NOW = '2026-03-02T09:05:00.000Z';
const detect = caseDetector([siteFactory()], []);

// Ids chosen so the case prepared earlier sorts first, as a random one often does: RxDB's
// `findOne()` without an id returns exactly that case.
const EARLIER = 'case-0ca57c49';
const NEWEST = 'case-f20588a8';

const content = (over: Partial<CaseContent> = {}): CaseContent => ({
	title: 'Annotation of thyroid nodules',
	history: 'Adult with a palpable neck lump.',
	findings: 'Nodule in the right lobe.',
	teachingPoints: 'Annotate side, lobe and plane on every nodule image.',
	...over
});

let db: RoundsDatabase;
beforeEach(async () => {
	db = await openDatabase(`case-writes-${Date.now()}-${Math.random()}`, {
		storage: getRxStorageMemory()
	});
	const blank = (id: string) => newCaseFrom({ kind: 'other' }, 'conf-1', 'lead-1', T0, { id });
	await db.cases.bulkInsert([
		{
			...blank(EARLIER),
			title: 'Doppler settings in a renal study',
			findings: 'Aliasing on the renal artery Doppler.',
			gatePassedAt: T0
		},
		blank(NEWEST)
	]);
});
afterEach(async () => {
	await db.remove();
});

/** The stored case with its revision: equal only when nothing at all was written to it. */
async function stored(id: string): Promise<PresentationCase & { rev: string }> {
	const doc = (await db.cases.findOne(id).exec())!;
	return { ...doc.toMutableJSON(), rev: doc.revision };
}

describe('writeCaseEdit', () => {
	it('writes the edit to the named case and leaves every other case as it was', async () => {
		const before = await stored(EARLIER);
		const r = await writeCaseEdit(db.cases, NEWEST, content(), NOW);
		expect(r.ok).toBe(true);
		expect(await stored(NEWEST)).toMatchObject({ ...content(), updatedAt: NOW });
		expect(await stored(EARLIER)).toEqual(before);
	});

	it.each([
		['no id', undefined],
		['an empty id', '']
	])(
		'refuses %s (an editor flushing after its route moved on) and changes no case',
		async (_label, id) => {
			const before = [await stored(EARLIER), await stored(NEWEST)];
			const r = await writeCaseEdit(db.cases, id as string, content(), NOW);
			expect(r).toEqual({ ok: false, reason: 'not-found' });
			expect([await stored(EARLIER), await stored(NEWEST)]).toEqual(before);
		}
	);

	it('clears the ready mark when the content changes, keeps it when nothing changed', async () => {
		const same = await stored(EARLIER);
		await writeCaseEdit(db.cases, EARLIER, { title: same.title, findings: same.findings }, NOW);
		expect(await stored(EARLIER)).toMatchObject({ ...same, rev: expect.any(String) });
		await writeCaseEdit(db.cases, EARLIER, { findings: 'Rewritten.' }, NOW);
		expect((await stored(EARLIER)).gatePassedAt).toBeNull();
	});

	it('refuses an edit the schema rejects, with the reason, and changes nothing', async () => {
		const before = await stored(NEWEST);
		const r = await writeCaseEdit(db.cases, NEWEST, content({ title: '' }), NOW);
		expect(r).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await stored(NEWEST)).toEqual(before);
	});
});

describe('writeCaseReady', () => {
	it('marks the named case ready when its stored text passes the gate', async () => {
		await writeCaseEdit(db.cases, NEWEST, content(), NOW);
		const r = await writeCaseReady(db.cases, NEWEST, detect, NOW);
		expect(r.ok).toBe(true);
		expect((await stored(NEWEST)).gatePassedAt).toBe(NOW);
	});

	it('refuses while the stored text holds an identifier', async () => {
		await writeCaseEdit(db.cases, NEWEST, content({ findings: 'See LG26100594.' }), NOW);
		const r = await writeCaseReady(db.cases, NEWEST, detect, NOW);
		expect(r).toEqual({ ok: false, reason: 'blocked' });
		expect((await stored(NEWEST)).gatePassedAt).toBeNull();
	});

	it('refuses no id and marks no case', async () => {
		const before = [await stored(EARLIER), await stored(NEWEST)];
		const r = await writeCaseReady(db.cases, undefined as unknown as string, detect, NOW);
		expect(r).toEqual({ ok: false, reason: 'not-found' });
		expect([await stored(EARLIER), await stored(NEWEST)]).toEqual(before);
	});
});
