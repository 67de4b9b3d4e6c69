import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '@rounds/shared/identity/identity.schema';
import type { IqReview } from '@rounds/shared/reviews/iq-review.schema';
import type { Exam } from '@rounds/shared/reviews/exam.schema';
import { defaultCriteriaTemplates } from '@rounds/shared/reviews/default-templates';
import { readersOf } from '@rounds/shared/sync/access';
import { examFactory, personFactory } from '@rounds/shared/testing/factories';
import { createApp } from '../../app.ts';
import { createSessionFor } from '../identity/session.repository.ts';
import { insertDocument, updateDocument } from '../sync/documents.repository.ts';
import { makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';
import { getRun, insertRun } from './runs.repository.ts';

let deps: TestDeps;
let app: ReturnType<typeof createApp>;
const cookies = new Map<string, string>();

const sonos = ['s1', 's2', 's3', 's4'].map((id, i) =>
	personFactory({
		id: `sono-${id}`,
		roles: ['sonographer'],
		modalities: ['US'],
		siteIds: [i < 2 ? 'site-a' : 'site-b']
	})
);
const others = [
	personFactory({ id: 'sono-gone', roles: ['sonographer'], modalities: ['US'], active: false }),
	personFactory({ id: 'tech-ct', roles: ['technologist'], modalities: ['CT'] })
];

/** 40 ultrasound exams in November 2026 over two sites, performed by the sonographers. */
const novemberUs: Exam[] = Array.from({ length: 40 }, (_, i) =>
	examFactory({
		id: `ex-us-${i}`,
		accession: `LG2611${String(i).padStart(4, '0')}`,
		modality: 'US',
		siteId: i % 3 === 0 ? 'site-b' : 'site-a',
		performedAt: `2026-11-${String(1 + (i % 30)).padStart(2, '0')}T10:00:00.000+01:00`,
		performerId: sonos[i % 4]!.id
	})
);
const outside: Exam[] = [
	// Late on 31 October local time, already November in UTC: belongs to October.
	examFactory({ id: 'ex-oct', modality: 'US', performedAt: '2026-10-31T23:30:00.000-05:00' }),
	examFactory({ id: 'ex-dec', modality: 'US', performedAt: '2026-12-01T00:10:00.000Z' }),
	examFactory({ id: 'ex-ct', modality: 'CT', performedAt: '2026-11-10T10:00:00.000Z' })
];

async function as(role: 'director' | 'usLead' | 'ctLead' | 'sono'): Promise<string> {
	return cookies.get(role)!;
}

beforeEach(async () => {
	deps = await makeTestDeps();
	// The shared test database empties the core tables between tests; this module's table too.
	await deps.db.exec('truncate iq_assignment_runs');
	deps.clock.now = new Date('2026-12-01T08:00:00Z');
	await deps.db.transaction(async (tx) => {
		for (const p of [...sonos, ...others])
			await insertDocument(tx, 'people', p, false, readersOf('people', p));
		for (const t of defaultCriteriaTemplates('2026-01-01T00:00:00.000Z'))
			await insertDocument(tx, 'settings', t, false, readersOf('settings', t));
		for (const e of [...novemberUs, ...outside])
			await insertDocument(tx, 'exams', e, false, readersOf('exams', e));
	});
	const people: Record<string, Partial<Person>> = {
		director: { roles: ['peer_learning_director'] },
		usLead: { roles: ['modality_quality_lead'], leadOfModalities: ['US'], modalities: [] },
		ctLead: { roles: ['modality_quality_lead'], leadOfModalities: ['CT'], modalities: [] }
	};
	for (const [k, over] of Object.entries(people)) {
		// Sessions are opened directly: no password hashing needed for these tests.
		const p = personFactory(over);
		await insertDocument(deps.db, 'people', p, false, readersOf('people', p));
		cookies.set(k, `rounds_session=${await createSessionFor(deps, p.id)}`);
	}
	cookies.set('sono', `rounds_session=${await createSessionFor(deps, sonos[0]!.id)}`);
	app = createApp(deps);
});
afterEach(() => deps.close());

const send = async (cookie: string, path: string, body?: unknown, method = 'POST') =>
	app.request(`/api/iq${path}`, {
		method,
		headers: { cookie, origin: 'http://localhost', 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});

const fourEach = { modality: 'US', period: '2026-11', mode: { kind: 'per-reviewer', count: 4 } };

async function stored() {
	const reviews = await deps.db.query<{ data: IqReview }>(
		`select data from documents where collection = 'iq_reviews' order by id`
	);
	const runs = await deps.db.query<{ id: string }>('select id from iq_assignment_runs');
	return { reviews: reviews.rows.map((r) => r.data), runs: runs.rows.length };
}

describe('assignment runs', () => {
	it('previews without storing, then stores exactly the previewed draw with its seed', async () => {
		const preview = await send(await as('director'), '/assignments/preview', fourEach);
		expect(preview.status).toBe(200);
		const p = (await preview.json()) as {
			seed: string;
			dueOn: string;
			summary: { assigned: number; pool: number; exams: number };
			assignments: { examId: string; reviewerId: string }[];
		};
		expect(p.seed).toMatch(/^[0-9a-f]{16}$/);
		// Run on 1 December for November: 14 days after today.
		expect(p.dueOn).toBe('2026-12-15');
		expect(p.summary).toMatchObject({ exams: 40, pool: 40, assigned: 16 });
		expect(await stored()).toEqual({ reviews: [], runs: 0 });

		const res = await send(await as('usLead'), '/assignments', { ...fourEach, seed: p.seed });
		expect(res.status).toBe(201);
		const { run, inserted } = (await res.json()) as { run: { id: string }; inserted: number };
		expect(inserted).toBe(16);
		const { reviews, runs } = await stored();
		expect(runs).toBe(1);
		expect(
			reviews
				.map((r) => ({ examId: r.examId, reviewerId: r.reviewerId }))
				.sort((a, b) =>
					a.reviewerId === b.reviewerId
						? a.examId.localeCompare(b.examId)
						: a.reviewerId.localeCompare(b.reviewerId)
				)
		).toEqual(p.assignments);
		const counts = new Map<string, number>();
		for (const r of reviews) {
			expect(r.reviewerId).not.toBe(r.performerId);
			expect(r.id).toBe(`iq-${run.id}-${r.examId}`);
			counts.set(r.reviewerId, (counts.get(r.reviewerId) ?? 0) + 1);
		}
		expect([...counts.entries()].sort()).toEqual(sonos.map((s) => [s.id, 4]));
		expect(reviews[0]).toMatchObject({
			modality: 'US',
			period: '2026-11',
			dueOn: '2026-12-15',
			templateId: 'ct-US-v1',
			templateVersion: 1,
			runId: run.id,
			status: 'assigned',
			rule: `Random draw for US, November 2026 (run ${run.id}, seed ${p.seed.slice(0, 12)}): 4 reviews per reviewer, never your own exam, balanced across reviewers and sites`
		});
		expect(reviews.some((r) => ['ex-oct', 'ex-dec', 'ex-ct'].includes(r.examId))).toBe(false);

		const audit = await deps.db.query<{ action: string; doc_id: string; outcome: string }>(
			`select action, doc_id, outcome from audit_log where action like 'iq.%'`
		);
		expect(audit.rows).toEqual([{ action: 'iq.assign', doc_id: run.id, outcome: 'ok' }]);
	});

	it('a second run tops up rather than doubling, and skips exams already assigned', async () => {
		const director = await as('director');
		expect((await send(director, '/assignments', fourEach)).status).toBe(201);
		const again = await send(director, '/assignments', fourEach);
		expect(again.status).toBe(422);
		expect(await again.json()).toMatchObject({ error: 'nothing-to-assign' });
		const five = await send(director, '/assignments', {
			...fourEach,
			mode: { kind: 'per-reviewer', count: 5 },
			dueOn: '2026-12-20'
		});
		expect(five.status).toBe(201);
		const { reviews, runs } = await stored();
		expect(runs).toBe(2);
		expect(reviews).toHaveLength(20);
		expect(new Set(reviews.map((r) => r.examId)).size).toBe(20);
		expect(reviews.filter((r) => r.dueOn === '2026-12-20')).toHaveLength(4);
	});

	it('lists runs and replays them: a faithful run reproduces, a doctored one does not', async () => {
		const lead = await as('usLead');
		const { run } = (await (await send(lead, '/assignments', fourEach)).json()) as {
			run: { id: string };
		};
		const list = await send(lead, '/assignments/runs?modality=US', undefined, 'GET');
		expect(await list.json()).toMatchObject({
			runs: [{ id: run.id, modality: 'US', period: '2026-11', assigned: 16, reviewers: 4 }]
		});
		const ok = await send(lead, `/assignments/runs/${run.id}/verify`);
		expect(await ok.json()).toMatchObject({ reproduced: true, differences: 0, assignments: 16 });

		// The table refuses edits, so a doctored run can only be a new row claiming another draw.
		await expect(
			deps.db.query(`update iq_assignment_runs set seed = 'x' where id = $1`, [run.id])
		).rejects.toThrow(/append-only/);
		const real = (await getRun(deps.db, run.id))!;
		const a = real.assignments;
		await insertRun(deps.db, {
			...real,
			id: 'r-doctored',
			assignments: [{ ...a[0]!, reviewerId: a[a.length - 1]!.reviewerId }, ...a.slice(1)]
		});
		const bad = await send(lead, '/assignments/runs/r-doctored/verify');
		expect(await bad.json()).toMatchObject({ reproduced: false, differences: 2 });
		expect((await send(lead, '/assignments/runs/nope/verify')).status).toBe(404);
	});

	it('only the director and the modality’s leads may assign', async () => {
		expect((await send(await as('ctLead'), '/assignments', fourEach)).status).toBe(403);
		expect((await send(await as('sono'), '/assignments/preview', fourEach)).status).toBe(403);
		expect((await send('', '/assignments', fourEach)).status).toBe(401);
		expect(
			(await send(await as('ctLead'), '/assignments/runs?modality=US', undefined, 'GET')).status
		).toBe(403);
		expect(
			(await send(await as('director'), '/assignments/runs?modality=XX', undefined, 'GET')).status
		).toBe(400);
		expect((await stored()).runs).toBe(0);
	});

	it('refuses bad input with the reasons, and stores nothing', async () => {
		const director = await as('director');
		const res = await send(director, '/assignments', {
			modality: 'US',
			period: '2026-13',
			mode: { kind: 'rate', rate: 2 }
		});
		expect(res.status).toBe(400);
		const body = (await res.json()) as { message: string; details: Record<string, string> };
		expect(body.details).toEqual({
			period: 'Use a month (2026-11) or a quarter (2026-Q4)',
			'mode.rate': 'The sampling rate is at most 1 (100%)'
		});
		for (const bad of [
			{ ...fourEach, modality: 'PET' },
			{ ...fourEach, mode: { kind: 'per-reviewer', count: 2.5 } },
			{ ...fourEach, seed: 'has spaces' },
			{ ...fourEach, dueOn: '2026-11-31' },
			{ ...fourEach, dueOn: '2026-11-20' }
		])
			expect((await send(director, '/assignments', bad)).status).toBe(400);
		expect(
			(
				await app.request('/api/iq/assignments', {
					method: 'POST',
					headers: { cookie: director, origin: 'http://localhost' },
					body: 'not json'
				})
			).status
		).toBe(400);
		expect(await stored()).toEqual({ reviews: [], runs: 0 });
	});

	it('fails clearly when the modality has no current checklist', async () => {
		const tpl = defaultCriteriaTemplates('2026-01-01T00:00:00.000Z').find(
			(t) => t.id === 'ct-US-v1'
		)!;
		const retired = { ...tpl, data: { ...tpl.data, retired: true } };
		await updateDocument(deps.db, 'settings', retired, false, readersOf('settings', retired));
		const res = await send(await as('director'), '/assignments', fourEach);
		expect(res.status).toBe(422);
		expect(await res.json()).toMatchObject({
			error: 'no-template',
			message: 'There is no current US checklist: create or restore one before assigning reviews'
		});
		expect(await stored()).toEqual({ reviews: [], runs: 0 });
	});

	it('samples a rate of the period', async () => {
		const res = await send(await as('director'), '/assignments', {
			...fourEach,
			mode: { kind: 'rate', rate: 0.25 },
			seed: 'fixed-seed'
		});
		expect(res.status).toBe(201);
		const { reviews } = await stored();
		expect(reviews).toHaveLength(10);
		expect(reviews[0]!.rule).toContain('25% of exams');
	});
});
