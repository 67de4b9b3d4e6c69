import { describe, expect, it } from 'vitest';
import { noteBlocked, notePulled, problemCount, type SyncProblems } from './sync-problems.ts';

const bad = (id: string) => ({ id, issues: ['modality: Invalid option'] });

describe('sync problems', () => {
	it('leaves the record untouched on a clean pull', () => {
		const none: SyncProblems = {};
		expect(notePulled(none, 'submissions', ['a', 'b'], [])).toBe(none);
		const some = notePulled(none, 'submissions', [], [bad('x')]);
		expect(notePulled(some, 'submissions', ['a'], [])).toBe(some);
	});

	it('notes refused documents per collection and clears one that later arrives valid', () => {
		let p = notePulled({}, 'submissions', ['a'], [bad('x'), bad('y')]);
		p = notePulled(p, 'notifications', [], [bad('n')]);
		expect(problemCount(p)).toBe(3);
		expect(p.submissions?.skipped.x).toEqual(['modality: Invalid option']);
		p = notePulled(p, 'submissions', ['x'], []);
		expect(Object.keys(p.submissions!.skipped)).toEqual(['y']);
		p = notePulled(p, 'submissions', ['y'], []);
		expect(p.submissions).toBeUndefined();
		expect(problemCount(p)).toBe(1);
	});

	it('keeps at most 100 documents per collection', () => {
		const many = Array.from({ length: 150 }, (_, i) => bad(`d${i}`));
		expect(problemCount(notePulled({}, 'feedback', [], many))).toBe(100);
	});

	it('counts a collection stopped by the storage once, with or without skipped documents', () => {
		const refusal = { id: 'z', message: 'title: Too big' };
		let p = noteBlocked({}, 'notifications', refusal);
		expect(problemCount(p)).toBe(1);
		expect(noteBlocked(p, 'notifications', { ...refusal })).toBe(p);
		p = notePulled(p, 'notifications', [], [bad('z')]);
		expect(problemCount(p)).toBe(1);
		// Skipped documents arriving fixed do not hide that the collection is stopped.
		p = notePulled(p, 'notifications', ['z'], []);
		expect(p.notifications?.blocked).toEqual(refusal);
		expect(problemCount(p)).toBe(1);
	});
});
