import { describe, expect, it } from 'vitest';
import { isJustNow, timeAgo } from './time-ago.ts';

const now = new Date('2026-11-23T12:00:00Z');
describe('timeAgo', () => {
	it('speaks English and French', () => {
		expect(timeAgo('2026-11-23T11:59:50Z', 'en', now)).toBe('now');
		expect(timeAgo('2026-11-23T11:55:00Z', 'en', now)).toBe('5 minutes ago');
		expect(timeAgo('2026-11-23T11:59:00Z', 'fr', now)).toBe('il y a 1 minute');
		expect(timeAgo('2026-11-23T09:00:00Z', 'fr', now)).toBe('il y a 3 heures');
		expect(timeAgo('2026-11-22T12:00:00Z', 'en', now)).toBe('yesterday');
		expect(timeAgo('2026-11-21T12:00:00Z', 'en', now)).toBe('2 days ago');
	});
	it('switches units at 45 seconds, 45 minutes and 22 hours', () => {
		expect(timeAgo('2026-11-23T11:59:15Z', 'en', now)).toBe('1 minute ago');
		expect(timeAgo('2026-11-23T11:15:00Z', 'en', now)).toBe('1 hour ago');
		expect(timeAgo('2026-11-22T14:00:00Z', 'en', now)).toBe('yesterday');
	});
	it('knows what is just now', () => {
		expect(isJustNow('2026-11-23T11:59:20Z', now)).toBe(true);
		expect(isJustNow('2026-11-23T11:59:00Z', now)).toBe(false);
	});
});
