import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createApp } from '../app.ts';
import { createSessionFor } from '../modules/identity/session.repository.ts';
import { createTestPerson, makeTestDeps } from '../testing/test-deps.ts';
import { clientIp, isLoopback } from './client-ip.ts';

const app = new Hono().get('/', (c) => c.json({ ip: clientIp(c) ?? null }));

/** What @hono/node-server passes as the env: the incoming message and its socket. */
const fromSocket = (remoteAddress: string) => ({
	incoming: { socket: { remoteAddress, remotePort: 50000, remoteFamily: 'IPv4' } }
});

const ask = async (headers: Record<string, string>, env?: object) =>
	((await (await app.request('/', { headers }, env)).json()) as { ip: string | null }).ip;

describe('client address', () => {
	it('comes from the socket, whatever X-Forwarded-For claims', async () => {
		expect(await ask({}, fromSocket('203.0.113.7'))).toBe('203.0.113.7');
		expect(await ask({ 'x-forwarded-for': '10.1.1.1' }, fromSocket('203.0.113.7'))).toBe(
			'203.0.113.7'
		);
	});

	it('trusts the last X-Forwarded-For entry when a local proxy is the peer', async () => {
		// The client wrote "10.6.6.6" itself; the proxy appended the address it really saw.
		const xff = { 'x-forwarded-for': '10.6.6.6, 198.51.100.4' };
		expect(await ask(xff, fromSocket('127.0.0.1'))).toBe('198.51.100.4');
		expect(await ask(xff, fromSocket('::1'))).toBe('198.51.100.4');
		expect(await ask(xff, fromSocket('::ffff:127.0.0.1'))).toBe('198.51.100.4');
		expect(await ask({}, fromSocket('127.0.0.1'))).toBe('127.0.0.1');
		expect(await ask({ 'x-forwarded-for': 'not-an-ip' }, fromSocket('127.0.0.1'))).toBe(
			'127.0.0.1'
		);
	});

	it('is unknown for in-process requests with no socket, even with a forwarded header', async () => {
		expect(await ask({ 'x-forwarded-for': '10.1.1.1' })).toBeNull();
	});

	it('knows loopback addresses', () => {
		expect(['127.0.0.1', '127.8.0.1', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([
			true,
			true,
			true,
			true
		]);
		expect(['10.0.0.1', '::ffff:10.0.0.1', '1270.0.0.1', 'fe80::1'].map(isLoopback)).toEqual([
			false,
			false,
			false,
			false
		]);
	});
});

describe('audit log address', () => {
	it('is the socket address for replication pushes, not a forged X-Forwarded-For', async () => {
		const deps = await makeTestDeps();
		try {
			const p = await createTestPerson(deps);
			const cookie = `rounds_session=${await createSessionFor(deps, p.id)}`;
			const res = await createApp(deps).request(
				'/api/replication/no-such-thing/push',
				{
					method: 'POST',
					headers: {
						cookie,
						origin: 'http://localhost',
						'content-type': 'application/json',
						'x-forwarded-for': '10.6.6.6'
					},
					body: '[]'
				},
				fromSocket('203.0.113.5')
			);
			expect(res.status).toBe(404);
			const { rows } = await deps.db.query<{ ip: string }>(
				`select ip from audit_log where action = 'push'`
			);
			expect(rows.map((r) => r.ip)).toEqual(['203.0.113.5']);
		} finally {
			await deps.close();
		}
	});
});
