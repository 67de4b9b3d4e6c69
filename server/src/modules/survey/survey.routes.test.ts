import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '@rounds/shared/identity/identity.schema';
import { LIKERT_ITEMS } from '@rounds/shared/reports/survey';
import { SCHEMA_VERSION_HEADER } from '@rounds/shared/sync/protocol';
import { createApp } from '../../app.ts';
import { createSessionFor } from '../identity/session.repository.ts';
import { createTestPerson, makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';

let deps: TestDeps;
let app: ReturnType<typeof createApp>;
let alice: Person;
let bob: Person;
beforeEach(async () => {
	deps = await makeTestDeps();
	// The shared test database empties the core tables only.
	await deps.db.exec('truncate survey_respondents, survey_pool');
	app = createApp(deps);
	alice = await createTestPerson(deps, { name: 'Alice Respondent', roles: ['radiologist'] });
	bob = await createTestPerson(deps, { name: 'Bob Respondent', roles: ['technologist'] });
});
afterEach(() => deps.close());

const cookieOf = async (p: Person) => `rounds_session=${await createSessionFor(deps, p.id)}`;
const likert = (v: number) => Object.fromEntries(LIKERT_ITEMS.map((q) => [q.id, v]));

async function respond(p: Person | null, body: unknown, surveyId = 'annual-2026') {
	return app.request(`/api/survey/${surveyId}/responses`, {
		method: 'POST',
		headers: {
			...(p ? { cookie: await cookieOf(p) } : {}),
			origin: 'http://localhost',
			'content-type': 'application/json'
		},
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}
/** `n` more people answer (all with `value`); returns them. */
async function crowd(n: number, surveyId = 'annual-2026', value = 3): Promise<Person[]> {
	const out: Person[] = [];
	for (let i = 0; i < n; i++) {
		const p = await createTestPerson(deps, { name: `Crowd ${i}`, roles: ['radiologist'] });
		expect((await respond(p, { answers: likert(value) }, surveyId)).status).toBe(201);
		out.push(p);
	}
	return out;
}
async function stored() {
	const { rows } = await deps.db.query<{
		id: string;
		data: Record<string, unknown>;
		readers: string[];
	}>(`select id, data, readers from documents where collection = 'survey_responses' order by seq`);
	return rows;
}
async function auditFor() {
	const { rows } = await deps.db.query<Record<string, unknown>>(
		`select actor_id, action, collection, doc_id, outcome, detail, device_at, ip
		   from audit_log where action like 'survey.%' order by id`
	);
	return rows;
}

describe('survey responses', () => {
	it('stores an anonymous response: random id, the day only, no respondent anywhere in it', async () => {
		deps.clock.advance(5 * 3_600_000 + 17 * 60_000);
		const res = await respond(alice, {
			answers: { ...likert(4), 'works-well': 'Rounds are useful', 'one-change': '' }
		});
		expect(res.status).toBe(201);
		expect(await res.json()).toEqual({ surveyId: 'annual-2026', recorded: true });
		// Nothing appears until a batch of five can be released together.
		expect(await stored()).toEqual([]);
		const others = await crowd(4);
		expect((await stored()).length).toBe(5);
		expect(await deps.db.query('select * from survey_pool')).toMatchObject({ rows: [] });

		const rows = await stored();
		const row = rows.find((r) => (r.data.answers as Record<string, unknown>)['works-well']);
		expect(row!.id).toMatch(/^sr-[0-9a-f-]{36}$/);
		expect(row!.data).toEqual({
			id: row!.id,
			createdAt: '2026-03-02T00:00:00.000Z',
			updatedAt: '2026-03-02T00:00:00.000Z',
			surveyId: 'annual-2026',
			answers: { ...likert(4), 'works-well': 'Rounds are useful' }
		});
		// The batch was written in one transaction, after every respondent's own.
		const { rows: txs } = await deps.db.query<{ xid: string }>(
			`select distinct xid::text as xid from documents where collection = 'survey_responses'`
		);
		expect(txs).toHaveLength(1);
		// Only the director reads responses; nothing in the row names alice.
		expect(row!.readers).toEqual(['role:peer_learning_director']);
		expect(JSON.stringify(row)).not.toContain(alice.id);
		expect(JSON.stringify(row)).not.toContain(alice.name);

		// The audit says alice responded to the survey, and nothing ties it to the document.
		const entries = (await auditFor()).slice(0, 1);
		expect(entries).toEqual([
			{
				actor_id: alice.id,
				action: 'survey.respond',
				collection: 'survey_responses',
				doc_id: null,
				outcome: 'ok',
				detail: { surveyId: 'annual-2026' },
				device_at: null,
				ip: null
			}
		]);
		expect(JSON.stringify(entries)).not.toContain(row!.id);
		const { rows: marks } = await deps.db.query<{ person_id: string }>(
			'select * from survey_respondents'
		);
		expect(marks.map((m) => m.person_id).sort()).toEqual(
			[alice.id, ...others.map((o) => o.id)].sort()
		);
	});

	it('takes one response per person per survey', async () => {
		expect((await respond(alice, { answers: likert(5) })).status).toBe(201);
		const again = await respond(alice, { answers: likert(1) });
		expect(again.status).toBe(409);
		expect(await again.json()).toMatchObject({ error: 'already-responded' });
		expect((await respond(bob, { answers: likert(2) })).status).toBe(201);
		// Another survey is another response.
		expect((await respond(alice, { answers: likert(3) }, 'go-live-2026')).status).toBe(201);
		await crowd(3, 'annual-2026', 1);
		const rows = await stored();
		expect(
			rows.map((r) => [r.data.surveyId, (r.data.answers as Record<string, number>).overall]).sort()
		).toEqual([
			['annual-2026', 1],
			['annual-2026', 1],
			['annual-2026', 1],
			['annual-2026', 2],
			['annual-2026', 5]
		]);
		// The go-live survey's single answer still waits for its batch.
		const { rows: pool } = await deps.db.query<{ survey_id: string }>(
			'select survey_id from survey_pool'
		);
		expect(pool).toEqual([{ survey_id: 'go-live-2026' }]);
		expect(await auditFor()).toHaveLength(6);
	});

	it('tells a respondent whether they have answered', async () => {
		const status = async () =>
			(
				await app.request('/api/survey/annual-2026', { headers: { cookie: await cookieOf(alice) } })
			).json();
		expect(await status()).toEqual({ surveyId: 'annual-2026', open: true, responded: false });
		await respond(alice, { answers: likert(3) });
		expect(await status()).toEqual({ surveyId: 'annual-2026', open: true, responded: true });
	});

	it('refuses bad answers with clear messages, and stores nothing', async () => {
		const bad = await respond(alice, { answers: { ...likert(3), safe: 7 } });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({
			error: 'invalid',
			message:
				'“I feel safe submitting cases, including discrepancies.”: choose an answer from 1 to 5',
			details: {
				'answers.safe':
					'“I feel safe submitting cases, including discrepancies.”: choose an answer from 1 to 5'
			}
		});
		for (const body of [
			{ answers: { ...likert(3), overall: undefined } },
			{ answers: { ...likert(3), respondentId: alice.id } },
			{ answers: likert(3), who: alice.id },
			{ answers: { ...likert(3), 'works-well': 'x'.repeat(2001) } },
			{},
			'not json'
		])
			expect((await respond(alice, body)).status, JSON.stringify(body)).toBe(400);
		expect((await respond(alice, { answers: likert(3) }, 'nonsense')).status).toBe(404);
		expect((await respond(alice, { answers: likert(3) }, 'annual-2024')).status).toBe(410);
		expect((await respond(null, { answers: likert(3) })).status).toBe(401);
		expect(await stored()).toEqual([]);
		expect(await auditFor()).toEqual([]);
		const { rows } = await deps.db.query('select * from survey_respondents');
		expect(rows).toEqual([]);
		// Refusals left alice free to answer.
		expect((await respond(alice, { answers: likert(3) })).status).toBe(201);
	});

	it('refuses responses pushed through sync: they would carry their author', async () => {
		const res = await app.request('/api/replication/survey_responses/push', {
			method: 'POST',
			headers: {
				cookie: await cookieOf(alice),
				origin: 'http://localhost',
				'content-type': 'application/json',
				[SCHEMA_VERSION_HEADER]: 'survey_responses@0'
			},
			body: JSON.stringify([
				{
					assumedMasterState: null,
					newDocumentState: {
						id: 'sr-forged',
						createdAt: '2026-03-02T09:00:00.000Z',
						updatedAt: '2026-03-02T09:00:00.000Z',
						surveyId: 'annual-2026',
						answers: likert(5),
						_deleted: false
					}
				}
			])
		});
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({
			message: expect.stringContaining('Survey responses are sent from the survey page')
		});
		expect(await stored()).toEqual([]);
	});
});
