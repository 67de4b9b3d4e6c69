import { describe, expect, it } from 'vitest';
import { timeAgo } from './time-ago.ts';

const now = new Date('2026-11-23T12:00:00Z');
describe('timeAgo', () => {
	it('speaks English and French', () => {
		expect(timeAgo('2026-11-23T11:59:50Z', 'en', now)).toBe('now');
		expect(timeAgo('2026-11-23T11:55:00Z', 'en', now)).toBe('5 minutes ago');
		expect(timeAgo('2026-11-23T09:00:00Z', 'fr', now)).toBe('il y a 3 heures');
		expect(timeAgo('2026-11-21T12:00:00Z', 'en', now)).toBe('2 days ago');
	});
});
