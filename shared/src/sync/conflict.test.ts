import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeConflict } from './conflict.ts';

const base = { id: 'a', title: 'base', notes: 'base', status: 'open', updatedAt: 't0' };

describe('mergeConflict', () => {
	it('keeps changes to different fields from both sides', () => {
		const local = { ...base, notes: 'local', updatedAt: 't1' };
		const server = { ...base, status: 'closed', updatedAt: 't2' };
		expect(mergeConflict(base, local, server)).toEqual({
			merged: { ...base, notes: 'local', status: 'closed', updatedAt: 't2' },
			lost: []
		});
	});
	it('lets the server win a field both changed, and reports the local value', () => {
		const local = { ...base, title: 'mine' };
		const server = { ...base, title: 'theirs' };
		const r = mergeConflict(base, local, server);
		expect(r.merged.title).toBe('theirs');
		expect(r.lost).toEqual([{ field: 'title', local: 'mine', server: 'theirs' }]);
	});
	it('merges nested objects field by field', () => {
		const b = { id: 'n', triage: { notes: '', findingType: '' }, updatedAt: 't0' };
		const r = mergeConflict(
			b,
			{ ...b, triage: { notes: 'mine', findingType: '' } },
			{ ...b, triage: { notes: '', findingType: 'nodule' } }
		);
		expect(r).toEqual({
			merged: { ...b, triage: { notes: 'mine', findingType: 'nodule' } },
			lost: []
		});
		const clash = mergeConflict(
			b,
			{ ...b, triage: { ...b.triage, notes: 'a' } },
			{ ...b, triage: { ...b.triage, notes: 'b' } }
		);
		expect(clash.lost).toEqual([{ field: 'triage.notes', local: 'a', server: 'b' }]);
	});
	it('keeps a tombstone and reports edits made meanwhile', () => {
		const r = mergeConflict(base, { ...base, title: 'edited' }, { ...base, _deleted: true });
		expect((r.merged as Record<string, unknown>)._deleted).toBe(true);
		expect(r.lost.map((l) => l.field)).toEqual(['title']);
	});
	it('is deterministic: the same inputs merge the same way, and re-merging is stable', () => {
		const field = fc.constantFrom('title', 'notes', 'status');
		fc.assert(
			fc.property(fc.dictionary(field, fc.string()), fc.dictionary(field, fc.string()), (l, s) => {
				const local = { ...base, ...l };
				const server = { ...base, ...s };
				const once = mergeConflict(base, local, server);
				expect(mergeConflict(base, local, server)).toEqual(once);
				// Every local change is either kept or reported.
				for (const k of Object.keys(l) as (keyof typeof base)[])
					if (local[k] !== base[k])
						expect(once.merged[k] === local[k] || once.lost.some((x) => x.field === k)).toBe(true);
				expect(mergeConflict(server, once.merged, server).merged).toEqual(once.merged);
			})
		);
	});
});
