import { describe, expect, it } from 'vitest';
import type { WireDoc } from '@rounds/shared/sync/protocol';
import type { PushedRow } from './push-outcome.ts';
import {
	createPushHandler,
	refusedRows,
	SyncHttpError,
	type PushSettlement
} from './push-refusal.ts';

const row = (id: string): PushedRow => ({
	assumedMasterState: null,
	newDocumentState: { id, updatedAt: `t-${id}` }
});
const rejected = (message: string, details: unknown) => ({ error: 'rejected', message, details });

describe('refusedRows', () => {
	const rows = [row('a'), row('b'), row('c')];

	it('names the refused rows by id or by position, with the server’s words', () => {
		const expired = 'This check-in code has expired: scan the code on the screen again';
		expect(
			refusedRows(422, rejected(expired, [{ row: 1, id: 'b', problem: `token: ${expired}` }]), rows)
		).toEqual(new Map([['b', expired]]));
		const denied = 'You do not have permission to change this record';
		expect(refusedRows(403, rejected(denied, [{ row: 2, problem: denied }]), rows)).toEqual(
			new Map([['c', denied]])
		);
		expect(
			refusedRows(
				409,
				rejected('The document you changed does not exist on the server', [
					{ row: 0, id: 'a', problem: 'unknown document' }
				]),
				rows
			)
		).toEqual(new Map([['a', 'The document you changed does not exist on the server']]));
	});

	it('adds the details a general message leaves out', () => {
		const r = refusedRows(
			422,
			rejected('Invalid attendance document', [
				{ row: 0, id: 'a', problem: 'method: Invalid option; token: Required' }
			]),
			rows
		);
		expect(r?.get('a')).toBe(
			'Invalid attendance document: method: Invalid option; token: Required'
		);
	});

	it('is not a refusal for other statuses, no details, or rows not sent', () => {
		const details = [{ row: 0, id: 'a', problem: 'x: y' }];
		for (const status of [400, 401, 413, 426, 500, 503])
			expect(refusedRows(status, rejected('m', details), rows)).toBeNull();
		expect(refusedRows(422, null, rows)).toBeNull();
		expect(refusedRows(422, { error: 'rejected', message: 'm' }, rows)).toBeNull();
		expect(refusedRows(422, rejected('m', [{ row: 7, id: 'zz', problem: 'p' }]), rows)).toBeNull();
	});
});

describe('createPushHandler', () => {
	/** A server that refuses, atomically, any request holding one of `bad`. */
	function server(bad: Record<string, number>) {
		const requests: string[][] = [];
		const send = async (rows: PushedRow[]): Promise<WireDoc[]> => {
			requests.push(rows.map((r) => r.newDocumentState.id));
			const i = rows.findIndex((r) => r.newDocumentState.id in bad);
			if (i < 0) return [];
			const id = rows[i]!.newDocumentState.id;
			throw new SyncHttpError(
				bad[id]!,
				`no ${id}`,
				rejected(`no ${id}`, [{ row: i, id, problem: `no ${id}` }])
			);
		};
		return { requests, send };
	}

	it('sends the rest again without each refused row, and settles them all', async () => {
		const s = server({ b: 403, d: 422 });
		const settled: PushSettlement[] = [];
		const push = createPushHandler(s.send, (x) => settled.push(x));
		const rows = ['a', 'b', 'c', 'd', 'e'].map(row);
		expect(await push(rows)).toEqual([]);
		expect(s.requests).toEqual([
			['a', 'b', 'c', 'd', 'e'],
			['a', 'c', 'd', 'e'],
			['a', 'c', 'e']
		]);
		expect(settled).toHaveLength(1);
		expect(settled[0]!.sent.map((r) => r.newDocumentState.id)).toEqual(['a', 'c', 'e']);
		expect(settled[0]!.refused.map((r) => [r.row.newDocumentState.id, r.reason])).toEqual([
			['b', 'no b'],
			['d', 'no d']
		]);
	});

	it('settles a batch whose every row is refused without sending an empty push', async () => {
		const s = server({ a: 409 });
		const settled: PushSettlement[] = [];
		expect(await createPushHandler(s.send, (x) => settled.push(x))([row('a')])).toEqual([]);
		expect(s.requests).toEqual([['a']]);
		expect(settled[0]).toEqual({
			sent: [],
			conflicts: [],
			refused: [{ row: row('a'), reason: 'no a' }]
		});
	});

	it('throws (RxDB retries the whole batch) when the server is down or the network is', async () => {
		const settled: PushSettlement[] = [];
		for (const failure of [new SyncHttpError(503, 'down'), new TypeError('Failed to fetch')]) {
			const push = createPushHandler(
				() => Promise.reject(failure),
				(x) => settled.push(x)
			);
			await expect(push([row('a'), row('b')])).rejects.toBe(failure);
		}
		// Even after a refusal, a later failure settles nothing: the retry sends it all again.
		let calls = 0;
		const flaky = createPushHandler(
			async (rows) => {
				if (calls++ === 0)
					throw new SyncHttpError(403, 'no', rejected('no', [{ row: 0, id: 'a', problem: 'no' }]));
				void rows;
				throw new SyncHttpError(500, 'boom');
			},
			(x) => settled.push(x)
		);
		await expect(flaky([row('a'), row('b')])).rejects.toThrow('boom');
		expect(settled).toEqual([]);
	});
});
