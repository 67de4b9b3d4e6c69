import { describe, expect, it } from 'vitest';
import {
	clearRefused,
	dismissRefused,
	markRestored,
	noteRefused,
	type RefusedChange
} from './refused-changes.ts';

const refusal = (id: string, over: Partial<RefusedChange> = {}): RefusedChange => ({
	collection: 'attendance',
	id,
	reason: 'This check-in code has expired: scan the code on the screen again',
	at: '2026-03-02T10:00:00.000Z',
	version: 't2',
	serverVersion: null,
	restored: false,
	dismissed: false,
	...over
});

describe('refused changes', () => {
	it('keeps one refusal per document, the latest, and at most 50', () => {
		let list = noteRefused([], [refusal('a'), refusal('b')]);
		list = noteRefused(list, [refusal('a', { reason: 'again' })]);
		expect(list.map((r) => [r.id, r.reason])).toEqual([
			['b', refusal('b').reason],
			['a', 'again']
		]);
		const many = Array.from({ length: 60 }, (_, i) => refusal(`d${i}`));
		expect(noteRefused(list, many)).toHaveLength(50);
	});

	it('is cleared by a later version accepted from this device, in that collection only', () => {
		const list = noteRefused([], [refusal('a'), refusal('b')]);
		expect(clearRefused(list, 'submissions', [{ id: 'a' }], 'accepted')).toBe(list);
		expect(clearRefused(list, 'attendance', [{ id: 'a' }], 'accepted').map((r) => r.id)).toEqual([
			'b'
		]);
	});

	it('is cleared by a server version other than the one it was refused against', () => {
		const list = noteRefused([], [refusal('a', { serverVersion: 't1' }), refusal('new')]);
		// The same server copy pulled again (e.g. after a re-pull) is not news.
		expect(clearRefused(list, 'attendance', [{ id: 'a', updatedAt: 't1' }], 'arrived')).toBe(list);
		const next = clearRefused(
			list,
			'attendance',
			[
				{ id: 'a', updatedAt: 't5' },
				{ id: 'new', updatedAt: 't6' }
			],
			'arrived'
		);
		expect(next).toEqual([]);
	});

	it('is restored with the server version; dismissing hides it until restored, then drops it', () => {
		let list = noteRefused([], [refusal('a'), refusal('b')]);
		list = markRestored(list, 'attendance', 'a', 't1');
		expect(list[0]).toMatchObject({ id: 'a', restored: true, serverVersion: 't1' });
		list = dismissRefused(list);
		expect(list).toEqual([{ ...refusal('b'), dismissed: true }]);
		expect(markRestored(list, 'attendance', 'b', null)).toEqual([]);
	});
});
