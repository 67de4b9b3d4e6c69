import type { SessionInfo } from '@rounds/shared/identity/identity.schema';

/** May this device reopen the app offline with a cached session? Pure, for testing. */
export function canReopenOffline(
	cached: Pick<SessionInfo, 'offlineUntil'> | null,
	now: Date
): boolean {
	if (!cached) return false;
	const until = Date.parse(cached.offlineUntil);
	return Number.isFinite(until) && until > now.getTime();
}

/** Why the login page is shown, to explain it to the user. */
export type SignInReason = 'none' | 'offline-first' | 'offline-expired' | 'session-ended';

export function offlineReason(cached: Pick<SessionInfo, 'offlineUntil'> | null): SignInReason {
	return cached ? 'offline-expired' : 'offline-first';
}
