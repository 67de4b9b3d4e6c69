import type { PageLoad } from './$types';

/**
 * A phone's camera app opened a check-in address. The moment it did is the scan time, noted
 * before the detour through sign-in (which can outlast the code's window) and read back after.
 */
export const load: PageLoad = ({ url }) => {
	const token = url.searchParams.get('t');
	if (!token) return { scannedAt: null };
	const key = `rounds.checkin.${token}`;
	let at = sessionStorage.getItem(key);
	if (!at) {
		at = new Date().toISOString();
		sessionStorage.setItem(key, at);
	}
	return { scannedAt: at };
};
