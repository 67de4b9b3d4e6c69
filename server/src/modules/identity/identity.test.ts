import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import {
	createTestPerson,
	makeTestDeps,
	TEST_PASSWORD,
	type TestDeps
} from '../../testing/test-deps.ts';

let deps: TestDeps;
let app: ReturnType<typeof createApp>;
beforeEach(async () => {
	deps = await makeTestDeps({ idleMinutes: 30, absoluteHours: 8 });
	app = createApp(deps);
});
afterEach(() => deps.close());

/** What @hono/node-server hands the app: the request's socket, here a made-up peer. */
const fromSocket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
let n = 0;
const login = (
	email: string,
	password: string,
	ip = `10.0.0.${++n % 250}`,
	headers: Record<string, string> = {}
) =>
	app.request(
		'/api/session',
		{
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: 'http://localhost', ...headers },
			body: JSON.stringify({ email, password })
		},
		fromSocket(ip)
	);
const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;
const me = (cookie: string) => app.request('/api/session', { headers: { cookie } });

describe('sign-in', () => {
	it('signs in, sets a safe cookie and answers the session', async () => {
		const p = await createTestPerson(deps, { email: 'rad@example.test' });
		const res = await login('RAD@example.test', TEST_PASSWORD);
		expect(res.status).toBe(200);
		const setCookie = res.headers.get('set-cookie')!;
		expect(setCookie).toMatch(/HttpOnly/);
		expect(setCookie).toMatch(/SameSite=Lax/);
		expect(setCookie).not.toMatch(/Secure/);
		const info = await (await me(cookieOf(res))).json();
		expect(info.user.id).toBe(p.id);
		expect(new Date(info.offlineUntil).getTime() - deps.clock.now.getTime()).toBe(12 * 3600_000);
	});
	it('marks the cookie Secure behind HTTPS', async () => {
		await createTestPerson(deps, { email: 'tls@example.test' });
		const res = await app.request('/api/session', {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-forwarded-proto': 'https',
				origin: 'http://localhost'
			},
			body: JSON.stringify({ email: 'tls@example.test', password: TEST_PASSWORD })
		});
		expect(res.headers.get('set-cookie')).toMatch(/Secure/);
	});
	it('answers wrong password and unknown email with the same generic message, and audits both', async () => {
		await createTestPerson(deps, { email: 'rad@example.test' });
		const wrong = await login('rad@example.test', 'nope');
		const unknown = await login('ghost@example.test', 'nope');
		expect(wrong.status).toBe(401);
		expect(unknown.status).toBe(401);
		expect(await wrong.json()).toEqual(await unknown.json());
		const audited = await deps.db.query<{ outcome: string }>(
			`select outcome from audit_log where action = 'login'`
		);
		expect(audited.rows.map((r) => r.outcome)).toEqual(['failed', 'failed']);
	});
	it('rate-limits repeated failures on one account with a clear message and Retry-After', async () => {
		await createTestPerson(deps, { email: 'target@example.test' });
		let last: Response | undefined;
		for (let i = 0; i < 11; i++) last = await login('target@example.test', 'guess', '10.9.9.9');
		expect(last!.status).toBe(429);
		expect((await last!.json()).message).toMatch(/Too many/);
		const retryAfter = Number(last!.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(15 * 60);
	});
	it('counts an account’s failures from every address, with the same message for unknown accounts', async () => {
		await createTestPerson(deps, { email: 'target@example.test' });
		// Ten machines, each also forging a fresh X-Forwarded-For (ignored: the peers are not local).
		const ten = (email: string) =>
			Promise.all(
				Array.from({ length: 10 }, (_, i) =>
					login(email, 'guess', `10.8.${i}.1`, { 'x-forwarded-for': `172.16.${i}.${n}` })
				)
			);
		expect((await ten('target@example.test')).map((r) => r.status)).toEqual(Array(10).fill(401));
		await ten('ghost@example.test');
		const known = await login('target@example.test', 'guess', '10.8.99.1');
		const unknown = await login('ghost@example.test', 'guess', '10.8.99.2');
		expect([known.status, unknown.status]).toEqual([429, 429]);
		expect(await known.json()).toEqual(await unknown.json());
		// The account is held for everyone, the right password included, until the window passes.
		expect((await login('target@example.test', TEST_PASSWORD, '10.8.99.3')).status).toBe(429);
	});
	it('limits one address spraying many accounts', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 31; i++)
			statuses.push((await login(`spray${i}@example.test`, 'guess', '10.7.7.7')).status);
		expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
		expect(statuses[30]).toBe(429);
		// Another address is not affected.
		expect((await login('spray0@example.test', 'guess', '10.7.7.8')).status).toBe(401);
	});
	it('does not spend the budget on successful sign-ins', async () => {
		await createTestPerson(deps, { email: 'daily@example.test' });
		for (let i = 0; i < 9; i++) await login('daily@example.test', 'typo', '10.6.6.6');
		for (let i = 0; i < 5; i++)
			expect((await login('daily@example.test', TEST_PASSWORD, '10.6.6.6')).status).toBe(200);
		expect((await login('daily@example.test', 'typo', '10.6.6.6')).status).toBe(401);
		expect((await login('daily@example.test', 'typo', '10.6.6.6')).status).toBe(429);
	});
	it('audits the socket address, not a forged X-Forwarded-For', async () => {
		await login('nobody@example.test', 'guess', '203.0.113.9', { 'x-forwarded-for': '10.6.6.6' });
		const { rows } = await deps.db.query<{ ip: string }>(
			`select ip from audit_log where action = 'login'`
		);
		expect(rows.map((r) => r.ip)).toEqual(['203.0.113.9']);
	});
	it('refuses deactivated people', async () => {
		await createTestPerson(deps, { email: 'gone@example.test', active: false });
		expect((await login('gone@example.test', TEST_PASSWORD)).status).toBe(401);
	});
	it('rejects a malformed body with a 400 naming the field', async () => {
		const res = await login('', TEST_PASSWORD);
		expect(res.status).toBe(400);
		expect((await res.json()).details.email).toBeTruthy();
	});
});

describe('sessions', () => {
	it('end after the idle timeout', async () => {
		await createTestPerson(deps, { email: 'idle@example.test' });
		const cookie = cookieOf(await login('idle@example.test', TEST_PASSWORD));
		deps.clock.advance(29 * 60_000);
		expect((await me(cookie)).status).toBe(200);
		deps.clock.advance(31 * 60_000);
		expect((await me(cookie)).status).toBe(401);
	});
	it('end at the absolute timeout even when active', async () => {
		await createTestPerson(deps, { email: 'busy@example.test' });
		const cookie = cookieOf(await login('busy@example.test', TEST_PASSWORD));
		// Active every 25 minutes (inside the 30-minute idle limit) for 475 minutes…
		for (let i = 0; i < 19; i++) {
			deps.clock.advance(25 * 60_000);
			expect((await me(cookie)).status).toBe(200);
		}
		// …and still out once the 8-hour lifetime has passed.
		deps.clock.advance(6 * 60_000);
		expect((await me(cookie)).status).toBe(401);
	});
	it('logout ends the session on the server', async () => {
		await createTestPerson(deps, { email: 'out@example.test' });
		const cookie = cookieOf(await login('out@example.test', TEST_PASSWORD));
		const res = await app.request('/api/session', {
			method: 'DELETE',
			headers: { cookie, origin: 'http://localhost' }
		});
		expect(res.status).toBe(204);
		expect((await me(cookie)).status).toBe(401);
	});
});

describe('administration', () => {
	it('is for system administrators only', async () => {
		await createTestPerson(deps, { email: 'rad@example.test' });
		const cookie = cookieOf(await login('rad@example.test', TEST_PASSWORD));
		expect((await app.request('/api/admin/people', { headers: { cookie } })).status).toBe(403);
		expect((await app.request('/api/admin/people')).status).toBe(401);
	});
	it('creates people who can sign in, and deactivation ends their sessions', async () => {
		await createTestPerson(deps, { email: 'it@example.test', roles: ['system_admin'] });
		const admin = cookieOf(await login('it@example.test', TEST_PASSWORD));
		const post = (path: string, body: unknown) =>
			app.request(path, {
				method: 'POST',
				headers: { cookie: admin, origin: 'http://localhost', 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
		const bad = await post('/api/admin/people', {
			email: 'x',
			name: '',
			roles: [],
			password: 'short'
		});
		expect(bad.status).toBe(400);
		expect(Object.keys((await bad.json()).details).sort()).toEqual([
			'email',
			'name',
			'password',
			'roles'
		]);
		const created = await post('/api/admin/people', {
			email: 'New.Rad@example.test',
			name: 'New Rad',
			roles: ['radiologist'],
			password: 'a-good-long-password'
		});
		expect(created.status).toBe(201);
		const person = await created.json();
		const again = await post('/api/admin/people', {
			email: 'new.rad@example.test',
			name: 'Someone Else',
			roles: ['radiologist'],
			password: 'a-good-long-password'
		});
		expect(again.status).toBe(409);
		const session = cookieOf(await login('new.rad@example.test', 'a-good-long-password'));
		expect((await me(session)).status).toBe(200);
		expect((await post(`/api/admin/people/${person.id}/deactivate`, {})).status).toBe(200);
		expect((await me(session)).status).toBe(401);
		expect((await login('new.rad@example.test', 'a-good-long-password')).status).toBe(401);
	});
	it('ends every session of a person whose password is reset', async () => {
		await createTestPerson(deps, { email: 'it@example.test', roles: ['system_admin'] });
		const p = await createTestPerson(deps, { email: 'leaked@example.test' });
		const admin = cookieOf(await login('it@example.test', TEST_PASSWORD));
		const tablet = cookieOf(await login('leaked@example.test', TEST_PASSWORD));
		const laptop = cookieOf(await login('leaked@example.test', TEST_PASSWORD));
		const res = await app.request(`/api/admin/people/${p.id}/password`, {
			method: 'POST',
			headers: { cookie: admin, origin: 'http://localhost', 'content-type': 'application/json' },
			body: JSON.stringify({ password: 'a-brand-new-password' })
		});
		expect(res.status).toBe(204);
		expect((await me(tablet)).status).toBe(401);
		expect((await me(laptop)).status).toBe(401);
		expect((await me(admin)).status).toBe(200);
		expect((await login('leaked@example.test', 'a-brand-new-password')).status).toBe(200);
	});
});

describe('request hygiene', () => {
	it('refuses state-changing requests from another origin', async () => {
		const res = await app.request('/api/session', {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
			body: '{}'
		});
		expect(res.status).toBe(403);
		const fetchSite = await app.request('/api/session', {
			method: 'DELETE',
			headers: { 'sec-fetch-site': 'cross-site' }
		});
		expect(fetchSite.status).toBe(403);
	});
	it('refuses an opaque `Origin: null` with a 403 that says why', async () => {
		for (const origin of ['null', 'not a url'])
			for (const method of ['POST', 'DELETE']) {
				const res = await app.request('/api/session', {
					method,
					// A real request always carries Host; the check compares the Origin's host to it.
					headers: { 'content-type': 'application/json', host: 'localhost', origin },
					body: method === 'POST' ? '{}' : undefined
				});
				expect(res.status).toBe(403);
				expect(await res.json()).toEqual({
					error: 'cross-origin',
					message: 'Requests from another site are not accepted.'
				});
			}
	});
	it('sends a Content-Security-Policy', async () => {
		const res = await app.request('/api/health');
		expect(await res.json()).toEqual({ status: 'ok', database: deps.db.kind });
		expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
		expect(res.headers.get('content-security-policy')).not.toMatch(/script-src[^;]*unsafe-inline/);
	});
	it('keeps the audit log append-only', async () => {
		await deps.db.query(`insert into audit_log (action, outcome) values ('x', 'ok')`);
		await expect(deps.db.query(`update audit_log set outcome = 'changed'`)).rejects.toThrow(
			/append-only/
		);
		await expect(deps.db.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
	});
});
