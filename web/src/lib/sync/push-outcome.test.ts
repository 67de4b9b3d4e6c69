import { describe, expect, it } from 'vitest';
import { settlePush } from './push-outcome.ts';

const base = { id: 'a', title: 'base', notes: 'base', updatedAt: 't1', _deleted: false };

describe('settlePush', () => {
	it('confirms every row the server accepted', () => {
		const r = settlePush(
			[
				{ assumedMasterState: base, newDocumentState: { ...base, notes: 'x', updatedAt: 't2' } },
				{ assumedMasterState: null, newDocumentState: { ...base, id: 'b', updatedAt: 't3' } }
			],
			[]
		);
		expect(r).toEqual({
			confirmed: [
				{ id: 'a', updatedAt: 't2' },
				{ id: 'b', updatedAt: 't3' }
			],
			awaiting: []
		});
	});

	it('settles a conflict whose merge is the server state (nothing left to push)', () => {
		const server = { ...base, notes: 'theirs', updatedAt: 't5' };
		const r = settlePush(
			[{ assumedMasterState: base, newDocumentState: { ...base, notes: 'mine', updatedAt: 't9' } }],
			[server]
		);
		expect(r).toEqual({ confirmed: [{ id: 'a', updatedAt: 't9' }], awaiting: [] });
	});

	it('keeps a conflict pending while its merged state still has to be pushed', () => {
		const server = { ...base, title: 'theirs', updatedAt: 't5' };
		const r = settlePush(
			[{ assumedMasterState: base, newDocumentState: { ...base, notes: 'mine', updatedAt: 't9' } }],
			[server]
		);
		expect(r).toEqual({ confirmed: [], awaiting: [{ id: 'a', pushed: 't9', next: 't5' }] });
	});

	it('settles two devices creating the same id: the server copy stands', () => {
		const r = settlePush(
			[{ newDocumentState: { ...base, title: 'mine', updatedAt: 't2' } }],
			[{ ...base, title: 'theirs' }]
		);
		expect(r.confirmed).toEqual([{ id: 'a', updatedAt: 't2' }]);
	});
});
