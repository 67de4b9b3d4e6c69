import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../app-env.ts';

/** SHA-256 hashes of the inline scripts in the built shell (SvelteKit's bootstrap). */
export function inlineScriptHashes(webDir: string | undefined): string[] {
	if (!webDir) return [];
	const index = join(webDir, 'index.html');
	if (!existsSync(index)) return [];
	const html = readFileSync(index, 'utf8');
	return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
		(m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`
	);
}

/**
 * Security headers with a Content-Security-Policy the SPA runs under: scripts only from this
 * origin plus the exact inline bootstrap (by hash, no 'unsafe-inline'); wasm allowed for the
 * QR decoder; no framing.
 */
export function securityHeaders(webDir: string | undefined): MiddlewareHandler<AppEnv> {
	// The shell's inline script changes with every build: re-hash when index.html changes, so a
	// rebuild under a running server never leaves the app blocked by a stale policy.
	const index = webDir ? join(webDir, 'index.html') : undefined;
	let stamp = -1;
	let current = build(webDir);
	return (c, next) => {
		const m = index && existsSync(index) ? statSync(index).mtimeMs : 0;
		if (m !== stamp) {
			stamp = m;
			current = build(webDir);
		}
		return current(c, next);
	};
}

function build(webDir: string | undefined): MiddlewareHandler<AppEnv> {
	const hashes = inlineScriptHashes(webDir);
	return secureHeaders({
		contentSecurityPolicy: {
			defaultSrc: ["'self'"],
			scriptSrc: ["'self'", "'wasm-unsafe-eval'", ...hashes],
			styleSrc: ["'self'", "'unsafe-inline'"],
			imgSrc: ["'self'", 'data:', 'blob:'],
			fontSrc: ["'self'", 'data:'],
			connectSrc: ["'self'"],
			workerSrc: ["'self'", 'blob:'],
			manifestSrc: ["'self'"],
			mediaSrc: ["'self'", 'blob:'],
			objectSrc: ["'none'"],
			baseUri: ["'self'"],
			formAction: ["'self'"],
			frameAncestors: ["'none'"]
		},
		crossOriginEmbedderPolicy: false,
		referrerPolicy: 'no-referrer',
		permissionsPolicy: { camera: ['self'], microphone: [], geolocation: [] }
	});
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host of an Origin header, or undefined for `null` (RFC 6454 §7.3) and anything unparsable. */
function originHost(origin: string): string | undefined {
	try {
		return new URL(origin).host || undefined;
	} catch {
		return undefined;
	}
}

/**
 * Hono's csrf() ignores JSON bodies, so state-changing API calls are checked here: the Origin
 * must be this server's own (or a configured trusted one), and a browser's cross-site
 * Sec-Fetch-Site is refused even without an Origin. Browsers send `Origin: null` from sandboxed
 * frames, file: pages and some redirects: an opaque origin is never ours, so it is refused too.
 */
export function originCheck(trusted: string[]): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		if (SAFE.has(c.req.method)) return next();
		const origin = c.req.header('origin');
		const site = c.req.header('sec-fetch-site');
		const self = new URL(c.req.url).origin;
		const host = c.req.header('host');
		const allowed =
			origin === undefined
				? site === undefined || site === 'same-origin' || site === 'none'
				: origin === self ||
					(host !== undefined && originHost(origin) === host) ||
					trusted.includes(origin);
		if (!allowed)
			return c.json(
				{ error: 'cross-origin', message: 'Requests from another site are not accepted.' },
				403
			);
		await next();
	};
}
