import { isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** Loopback peers: 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 spelling. */
export function isLoopback(address: string): boolean {
	const a = address.toLowerCase().replace(/^::ffff:/, '');
	return a === '::1' || (isIP(a) === 4 && a.startsWith('127.'));
}

function socketAddress(c: Context): string | undefined {
	// `app.request()` (tests, in-process callers) has no Node socket behind it.
	if (!(c.env as { incoming?: unknown } | undefined)?.incoming) return undefined;
	try {
		return getConnInfo(c).remote.address || undefined;
	} catch {
		return undefined;
	}
}

/**
 * The client's address, or undefined when there is no socket to ask (in-process requests).
 *
 * Only the socket is trusted. X-Forwarded-For is anyone's to write, so it counts only when the
 * peer is a reverse proxy on this machine (loopback), and then only its LAST entry: the one that
 * proxy appended itself; entries before it came from the client and may be forged.
 */
export function clientIp(c: Context): string | undefined {
	const peer = socketAddress(c);
	if (peer === undefined || !isLoopback(peer)) return peer;
	const last = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
	return last && isIP(last) ? last : peer;
}
