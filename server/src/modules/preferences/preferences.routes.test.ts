import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readersOf } from '@rounds/shared/sync/access';
import { personFactory } from '@rounds/shared/testing/factories';
import { createApp } from '../../app.ts';
import { createSessionFor } from '../identity/session.repository.ts';
import { insertDocument } from '../sync/documents.repository.ts';
import { makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';
import { getReminderPreferences } from './preferences.repository.ts';

let deps: TestDeps;
let app: ReturnType<typeof createApp>;
let cookie: string;

beforeEach(async () => {
	deps = await makeTestDeps();
	await deps.db.exec('truncate reminder_preferences');
	app = createApp(deps);
	const p = personFactory({ id: 'me', roles: ['radiologist'] });
	await insertDocument(deps.db, 'people', p, false, readersOf('people', p));
	cookie = `rounds_session=${await createSessionFor(deps, p.id)}`;
});
afterEach(() => deps.close());

const get = (c = cookie) => app.request('/api/me/preferences', { headers: { cookie: c } });
const put = (body: unknown) =>
	app.request('/api/me/preferences', {
		method: 'PUT',
		headers: { cookie, 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});

describe('/api/me/preferences', () => {
	it('starts with every optional reminder on, and keeps an opt-out', async () => {
		expect(await (await get()).json()).toEqual({
			midPeriodReminders: true,
			conferenceReminders: true
		});
		const res = await put({ midPeriodReminders: false, conferenceReminders: true });
		expect(res.status).toBe(200);
		expect(await (await get()).json()).toEqual({
			midPeriodReminders: false,
			conferenceReminders: true
		});
		expect((await getReminderPreferences(deps.db, ['me', 'other'])).get('other')).toEqual({
			midPeriodReminders: true,
			conferenceReminders: true
		});
	});

	it('refuses bad input with a clear message and changes nothing', async () => {
		await put({ midPeriodReminders: false, conferenceReminders: false });
		for (const [body, message] of [
			[
				{ midPeriodReminders: 'no', conferenceReminders: true },
				/midPeriodReminders: use true or false/
			],
			[{ midPeriodReminders: true }, /conferenceReminders: use true or false/],
			[{ midPeriodReminders: true, conferenceReminders: true, userId: 'x' }, /userId/],
			['not json', /Send \{"midPeriodReminders"/]
		] as const) {
			const res = await put(body);
			expect(res.status).toBe(400);
			expect(((await res.json()) as { message: string }).message).toMatch(message);
		}
		expect(await (await get()).json()).toEqual({
			midPeriodReminders: false,
			conferenceReminders: false
		});
	});

	it('needs a session', async () => {
		expect((await get('rounds_session=nope')).status).toBe(401);
	});
});
