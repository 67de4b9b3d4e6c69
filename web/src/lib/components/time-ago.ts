/** Below this age a time reads "just now" rather than a count of seconds. */
export const JUST_NOW_MS = 45_000;

/** "3 minutes ago" in the user's language, with Intl (no library needed for this one). */
export function timeAgo(iso: string, locale: string, now = new Date()): string {
	const seconds = Math.round((Date.parse(iso) - now.getTime()) / 1000);
	const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
	const abs = Math.abs(seconds);
	if (abs * 1000 < JUST_NOW_MS) return rtf.format(0, 'second');
	if (abs < 2700) return rtf.format(Math.round(seconds / 60), 'minute');
	if (abs < 79200) return rtf.format(Math.round(seconds / 3600), 'hour');
	return rtf.format(Math.round(seconds / 86400), 'day');
}

/** True when `iso` is recent enough to say "just now". */
export function isJustNow(iso: string, now = new Date()): boolean {
	return Math.abs(now.getTime() - Date.parse(iso)) < JUST_NOW_MS;
}
