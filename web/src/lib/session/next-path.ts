/**
 * Where to go after signing in: the in-app path the user asked for, never another origin
 * (`//evil.example`, `https:…`, `/\evil`), and never back to the login page.
 */
export function safeNext(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
	try {
		const url = new URL(next, 'http://rounds.invalid');
		if (url.origin !== 'http://rounds.invalid' || url.pathname === '/login') return '/';
		return url.pathname + url.search + url.hash;
	} catch {
		return '/';
	}
}
