import { describe, expect, it } from 'vitest';
import { canReopenOffline, offlineReason } from './offline-policy.ts';

const now = new Date('2026-11-23T12:00:00Z');
describe('offline reopening', () => {
	it('is allowed until the offline period ends', () => {
		expect(canReopenOffline({ offlineUntil: '2026-11-23T23:59:00Z' }, now)).toBe(true);
		expect(canReopenOffline({ offlineUntil: '2026-11-23T11:59:59Z' }, now)).toBe(false);
	});
	it('needs a cached session from an online sign-in', () => {
		expect(canReopenOffline(null, now)).toBe(false);
		expect(canReopenOffline({ offlineUntil: 'garbage' }, now)).toBe(false);
		expect(offlineReason(null)).toBe('offline-first');
		expect(offlineReason({ offlineUntil: '2026-01-01T00:00:00Z' })).toBe('offline-expired');
	});
});
