import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import pg from 'pg';
import { collections, type CollectionName } from '@rounds/shared/sync/registry';
import {
	SCHEMA_VERSION_HEADER,
	encodeCheckpoint,
	type Checkpoint,
	type WireDoc
} from '@rounds/shared/sync/protocol';
import type { Person } from '@rounds/shared/identity/identity.schema';
import { readersOf } from '@rounds/shared/sync/access';
import {
	feedbackFactory,
	personFactory,
	siteFactory,
	submissionFactory
} from '@rounds/shared/testing/factories';
import { defaultConfig, type AppEnv, type Deps } from '../../app-env.ts';
import { openTestDb, type TestDb } from '../../testing/test-db.ts';
import { createChangeFeed } from './change-feed.ts';
import { insertDocument } from './documents.repository.ts';
import { replicationRoutes } from './replication.routes.ts';

const submitter = personFactory({ id: 'p-submitter', roles: ['radiologist'] });
const reader = personFactory({ id: 'p-reader', roles: ['radiologist'] });
const otherRad = personFactory({ id: 'p-other', roles: ['radiologist'] });
const chestChief = personFactory({
	id: 'p-chest-chief',
	roles: ['radiologist', 'section_chief'],
	chiefOfSectionIds: ['sec-chest']
});
const neuroChief = personFactory({
	id: 'p-neuro-chief',
	roles: ['radiologist', 'section_chief'],
	chiefOfSectionIds: ['sec-neuro']
});
const director = personFactory({ id: 'p-director', roles: ['peer_learning_director'] });
const people = [submitter, reader, otherRad, chestChief, neuroChief, director];

interface Harness {
	t: TestDb;
	deps: Deps;
	app: Hono<AppEnv>;
}

async function harness(t: TestDb): Promise<Harness> {
	const feed = await createChangeFeed(t.db, t.channel);
	const deps: Deps = {
		db: t.db,
		feed,
		config: defaultConfig,
		now: () => new Date('2026-03-02T10:00:00Z')
	};
	// Sessions are the identity module's concern: here the user comes from a test header.
	const app = new Hono<AppEnv>()
		.use(async (c, next) => {
			c.set('user', people.find((p) => p.id === c.req.header('x-test-user')) ?? null);
			await next();
		})
		.route('/api/replication', replicationRoutes(deps));
	return { t, deps, app };
}

let h: Harness;
let extra: Harness[] = [];
beforeEach(async () => {
	h = await harness(await openTestDb());
	await h.t.db.transaction(async (tx) => {
		for (const p of people) await insertDocument(tx, 'people', p, false, ['all']);
		const site = siteFactory({ id: 'site-lg' });
		await insertDocument(tx, 'settings', site, false, readersOf('settings', site));
	});
});
afterEach(async () => {
	for (const x of [...extra, h]) await x.deps.feed.close();
	extra = [];
	await h.t.close();
});

const headers = (user: Person, collection: string) => ({
	'x-test-user': user.id,
	[SCHEMA_VERSION_HEADER]: `${collection}@${collections[collection as CollectionName]?.version ?? 0}`
});

async function pullAs(
	user: Person,
	collection: string,
	checkpoint: Checkpoint | null = null,
	app = h.app
) {
	const res = await app.request(
		`/api/replication/${collection}/pull?checkpoint=${encodeCheckpoint(checkpoint)}&batchSize=100`,
		{ headers: headers(user, collection) }
	);
	expect(res.status).toBe(200);
	return (await res.json()) as { documents: WireDoc[]; checkpoint: Checkpoint | null };
}

function pushRaw(user: Person, collection: string, body: unknown, app = h.app) {
	return app.request(`/api/replication/${collection}/push`, {
		method: 'POST',
		headers: { ...headers(user, collection), 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

async function pushAs(user: Person, collection: string, rows: unknown[], app = h.app) {
	const res = await pushRaw(user, collection, rows, app);
	expect(res.status, await res.clone().text()).toBe(200);
	return (await res.json()) as WireDoc[];
}

const wire = <T extends object>(doc: T, deleted = false) => ({ ...doc, _deleted: deleted });
const create = <T extends object>(doc: T) => ({
	assumedMasterState: null,
	newDocumentState: wire(doc)
});
const change = <T extends object>(from: T, to: T) => ({
	assumedMasterState: wire(from),
	newDocumentState: wire(to)
});
async function countRows(collection: string): Promise<number> {
	const r = await h.t.db.query<{ n: string }>(
		'select count(*)::text as n from documents where collection = $1',
		[collection]
	);
	return Number(r.rows[0]!.n);
}
async function auditRows(
	outcome: string
): Promise<{ action: string; detail: Record<string, unknown> }[]> {
	return (
		await h.t.db.query<{ action: string; detail: Record<string, unknown> }>(
			'select action, detail from audit_log where outcome = $1 order by id',
			[outcome]
		)
	).rows;
}

describe(`replication on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
	it('rule 1: a row committed late behind the checkpoint still arrives', async () => {
		if (h.t.db.kind !== 'postgres') {
			// PGlite is one connection: transactions cannot interleave, so commit order is write order.
			const a = submissionFactory({ submitterId: submitter.id });
			await pushAs(submitter, 'submissions', [create(a)]);
			const first = await pullAs(submitter, 'submissions');
			const b = submissionFactory({ submitterId: submitter.id });
			await pushAs(submitter, 'submissions', [create(b)]);
			expect(
				(await pullAs(submitter, 'submissions', first.checkpoint)).documents.map((d) => d.id)
			).toEqual([b.id]);
			return;
		}
		const a = submissionFactory({ id: 'sub-a', submitterId: submitter.id });
		const b = submissionFactory({ id: 'sub-b', submitterId: submitter.id });
		const txA = new pg.Client({ connectionString: h.t.url });
		await txA.connect();
		try {
			await txA.query('begin');
			// A takes its transaction id first, then stays open while B commits.
			await insertDocument(
				{
					query: async (s, p) => {
						const r = await txA.query(s, p as unknown[]);
						return { rows: r.rows, rowCount: r.rowCount ?? 0 };
					},
					exec: async () => undefined
				},
				'submissions',
				a,
				false,
				readersOf('submissions', a)
			);
			await pushAs(submitter, 'submissions', [create(b)]);
			const first = await pullAs(submitter, 'submissions');
			// B is held back too while A is open: serving it would move the checkpoint past A.
			expect(first.documents.map((d) => d.id)).toEqual([]);
			await txA.query('commit');
			const second = await pullAs(submitter, 'submissions', first.checkpoint);
			expect(second.documents.map((d) => d.id).sort()).toEqual(['sub-a', 'sub-b']);
		} finally {
			await txA.end();
		}
	});

	it('rule 2: order follows the server, not the device clock, and adds no server field', async () => {
		const future = submissionFactory({
			submitterId: submitter.id,
			updatedAt: '2099-01-01T00:00:00.000Z'
		});
		const past = submissionFactory({
			submitterId: submitter.id,
			updatedAt: '2001-01-01T00:00:00.000Z'
		});
		await pushAs(submitter, 'submissions', [create(future)]);
		await pushAs(submitter, 'submissions', [create(past)]);
		const { documents } = await pullAs(submitter, 'submissions');
		expect(documents.map((d) => d.id)).toEqual([future.id, past.id]);
		expect(documents[0]).toEqual(wire(future));
	});

	it('rule 3: two clients from the same base: exactly one wins, the other gets the stored state', async () => {
		const base = submissionFactory({ submitterId: submitter.id });
		await pushAs(submitter, 'submissions', [create(base)]);
		const byChief = {
			...base,
			status: 'in-review' as const,
			triage: { ...base.triage, notes: 'chief' }
		};
		const byDirector = {
			...base,
			status: 'closed' as const,
			triage: { ...base.triage, notes: 'director' }
		};
		const results = await Promise.all([
			pushAs(chestChief, 'submissions', [change(base, byChief)]),
			pushAs(director, 'submissions', [change(base, byDirector)])
		]);
		const winners = results.filter((r) => r.length === 0);
		expect(winners).toHaveLength(1);
		const loser = results.find((r) => r.length === 1)!;
		const { documents } = await pullAs(director, 'submissions');
		expect(loser[0]).toEqual(documents[0]);
		expect([byChief.triage.notes, byDirector.triage.notes]).toContain(
			(documents[0] as unknown as typeof base).triage.notes
		);
	});

	it('rule 3: a concurrent insert of the same id is won by exactly one', async () => {
		const one = submissionFactory({ id: 'same', submitterId: submitter.id, description: 'one' });
		const two = { ...one, description: 'two' };
		const results = await Promise.all([
			pushAs(submitter, 'submissions', [create(one)]),
			pushAs(submitter, 'submissions', [create(two)])
		]);
		expect(results.filter((r) => r.length === 0)).toHaveLength(1);
		expect(await countRows('submissions')).toBe(1);
	});

	it('rule 4: the same push twice creates nothing twice', async () => {
		const doc = submissionFactory({ submitterId: submitter.id });
		const row = create(doc);
		expect(await pushAs(submitter, 'submissions', [row])).toEqual([]);
		const after = await pullAs(chestChief, 'notifications');
		expect(await pushAs(submitter, 'submissions', [row])).toEqual([]);
		expect(await countRows('submissions')).toBe(1);
		expect((await pullAs(submitter, 'submissions')).documents).toHaveLength(1);
		// No new version was stamped and no second notification was derived.
		expect((await pullAs(chestChief, 'notifications', after.checkpoint)).documents).toEqual([]);
		expect(after.documents).toHaveLength(1);
	});

	it('rule 5: deletions replicate as tombstones', async () => {
		const draft = submissionFactory({
			submitterId: submitter.id,
			status: 'draft',
			submittedAt: null
		});
		await pushAs(submitter, 'submissions', [create(draft)]);
		const first = await pullAs(submitter, 'submissions');
		await pushAs(submitter, 'submissions', [
			{ assumedMasterState: wire(draft), newDocumentState: wire(draft, true) }
		]);
		const second = await pullAs(submitter, 'submissions', first.checkpoint);
		expect(second.documents).toEqual([wire(draft, true)]);
		expect(await countRows('submissions')).toBe(1);
	});

	describe('rule 6: every pushed row is validated; a rejected push stores nothing and is audited', () => {
		it('rejects a schema violation with the field named', async () => {
			const bad = { ...submissionFactory({ submitterId: submitter.id }), modality: 'XX' };
			const res = await pushRaw(submitter, 'submissions', [create(bad)]);
			expect(res.status).toBe(422);
			expect((await res.json()).details[0].problem).toMatch(/modality/);
			expect(await countRows('submissions')).toBe(0);
			expect((await auditRows('rejected'))[0]!.action).toBe('push');
		});
		it('rejects a whole batch when one row is bad', async () => {
			const good = submissionFactory({ submitterId: submitter.id });
			const tooLong = submissionFactory({
				submitterId: submitter.id,
				description: 'x'.repeat(5000)
			});
			const res = await pushRaw(submitter, 'submissions', [create(good), create(tooLong)]);
			expect(res.status).toBe(422);
			expect(await countRows('submissions')).toBe(0);
		});
		it('rejects domain rules: accession format, attestation, reader who is not a radiologist', async () => {
			for (const [over, text] of [
				[{ accession: '12345' }, /format/],
				[{ mayAffectCare: true, careAction: 'addendum' }, /optimal patient care/],
				[{ originalReaderId: director.id }, /radiologist/]
			] as const) {
				const res = await pushRaw(submitter, 'submissions', [
					create(submissionFactory({ submitterId: submitter.id, ...over }))
				]);
				expect(res.status).toBe(422);
				expect((await res.json()).message).toMatch(text);
			}
			expect(await countRows('submissions')).toBe(0);
		});
		it('rejects writes the user may not make', async () => {
			const res = await pushRaw(otherRad, 'submissions', [
				create(submissionFactory({ submitterId: submitter.id }))
			]);
			expect(res.status).toBe(403);
			expect((await res.json()).message).toMatch(/as yourself/);
			const base = submissionFactory({ submitterId: submitter.id });
			await pushAs(submitter, 'submissions', [create(base)]);
			const edit = await pushRaw(neuroChief, 'submissions', [
				change(base, { ...base, status: 'closed' })
			]);
			expect(edit.status).toBe(403);
			const tamper = await pushRaw(chestChief, 'submissions', [
				change(base, { ...base, description: 'rewritten' })
			]);
			expect(tamper.status).toBe(403);
		});
		it('rejects malformed, oversized and unknown-collection pushes', async () => {
			expect((await pushRaw(submitter, 'submissions', '{not json')).status).toBe(400);
			expect((await pushRaw(submitter, 'submissions', { rows: [] })).status).toBe(400);
			expect((await pushRaw(submitter, 'submissions', 'x'.repeat(2_100_000))).status).toBe(413);
			const unknown = await pushRaw(submitter, 'secrets', []);
			expect(unknown.status).toBe(404);
			expect((await unknown.json()).message).toMatch(/secrets/);
			expect((await auditRows('rejected')).length).toBe(4);
		});
	});

	describe('rule 7: every pull is scoped, whatever the checkpoint', () => {
		beforeEach(async () => {
			await pushAs(submitter, 'submissions', [
				create(
					submissionFactory({
						id: 's-chest',
						submitterId: submitter.id,
						originalReaderId: reader.id
					})
				),
				create(
					submissionFactory({ id: 's-neuro', submitterId: submitter.id, sectionId: 'sec-neuro' })
				),
				create(submissionFactory({ id: 's-unrouted', submitterId: submitter.id, sectionId: '' })),
				create(
					submissionFactory({
						id: 's-draft',
						submitterId: submitter.id,
						status: 'draft',
						submittedAt: null
					})
				)
			]);
		});
		const ids = async (user: Person, collection = 'submissions', cp: Checkpoint | null = null) =>
			(await pullAs(user, collection, cp)).documents.map((d) => d.id).sort();

		it('a radiologist sees only their own submissions', async () => {
			expect(await ids(otherRad)).toEqual([]);
			expect(await ids(reader)).toEqual([]);
			expect(await ids(submitter)).toEqual(['s-chest', 's-draft', 's-neuro', 's-unrouted']);
		});
		it('a chief sees only their sections; the director sees every submitted case', async () => {
			expect(await ids(chestChief)).toEqual(['s-chest']);
			expect(await ids(neuroChief)).toEqual(['s-neuro']);
			expect(await ids(director)).toEqual(['s-chest', 's-neuro', 's-unrouted']);
		});
		it('a forged checkpoint reveals nothing more', async () => {
			expect(await ids(otherRad, 'submissions', { xid: '0', seq: 0 })).toEqual([]);
			const res = await h.app.request(
				`/api/replication/submissions/pull?checkpoint=1;drop&batchSize=5`,
				{
					headers: headers(otherRad, 'submissions')
				}
			);
			expect(res.status).toBe(400);
		});
		it('the reader gets feedback without ever receiving the submission or the submitter', async () => {
			const fb = feedbackFactory({
				submissionId: 's-chest',
				readerId: reader.id,
				senderId: chestChief.id,
				status: 'draft',
				sentAt: null
			});
			await pushAs(chestChief, 'feedback', [create(fb)]);
			expect(await ids(reader, 'feedback')).toEqual([]);
			const sent = { ...fb, status: 'sent' as const, sentAt: '2026-03-02T10:00:00.000Z' };
			await pushAs(chestChief, 'feedback', [change(fb, sent)]);
			const got = await pullAs(reader, 'feedback');
			expect(got.documents.map((d) => d.id)).toEqual([fb.id]);
			const everything = JSON.stringify([
				got,
				await pullAs(reader, 'notifications'),
				await pullAs(reader, 'submissions')
			]);
			expect(everything).not.toContain(submitter.id);
			expect(everything).not.toContain(submitter.name);
		});
	});

	it('tells the chief when the reader acknowledges, and again when they reply', async () => {
		const fb = feedbackFactory({ id: 'fb-loop', readerId: reader.id, senderId: chestChief.id });
		await pushAs(chestChief, 'feedback', [create(fb)]);
		const ack = {
			...fb,
			status: 'acknowledged' as const,
			acknowledgedAt: '2026-03-02T11:00:00.000Z'
		};
		await pushAs(reader, 'feedback', [change(fb, ack)]);
		const replied = { ...ack, reply: 'Thanks', repliedAt: '2026-03-02T12:00:00.000Z' };
		await pushAs(reader, 'feedback', [change(ack, replied)]);
		const titles = (await pullAs(chestChief, 'notifications')).documents.map((d) => d.title).sort();
		expect(titles).toEqual([
			'The reader acknowledged your feedback',
			'The reader replied to your feedback'
		]);
	});

	it('rule 8: a write through one server instance reaches a stream on another', async () => {
		if (h.t.db.kind !== 'postgres') {
			// One process on PGlite: the in-process feed is the fan-out.
			const got = new Promise<string>((r) => h.deps.feed.subscribe(r));
			await pushAs(submitter, 'submissions', [
				create(submissionFactory({ submitterId: submitter.id }))
			]);
			expect(await got).toBe('submissions');
			return;
		}
		const { openPostgres } = await import('../../db/db.ts');
		const db2 = await openPostgres(h.t.url!);
		const second = await harness({ ...h.t, db: db2, close: () => db2.close() });
		extra.push(second);
		const res = await second.app.request('/api/replication/stream', {
			headers: { 'x-test-user': reader.id }
		});
		const events = res.body!.pipeThrough(new TextDecoderStream()).getReader();
		expect((await events.read()).value).toContain('RESYNC');
		await pushAs(submitter, 'submissions', [
			create(submissionFactory({ submitterId: submitter.id }))
		]);
		let text = '';
		while (!text.includes('submissions')) text += (await events.read()).value ?? '';
		expect(text).toContain('{"collection":"submissions","resync":true}');
		await events.cancel();
	});

	it('rule 9: an outdated client is told to update', async () => {
		const res = await h.app.request('/api/replication/submissions/pull?batchSize=10', {
			headers: { 'x-test-user': submitter.id, [SCHEMA_VERSION_HEADER]: 'submissions@-1' }
		});
		expect(res.status).toBe(426);
		expect((await res.json()).message).toMatch(/out of date/);
		const push = await h.app.request('/api/replication/submissions/push', {
			method: 'POST',
			headers: { 'x-test-user': submitter.id, 'content-type': 'application/json' },
			body: '[]'
		});
		expect(push.status).toBe(426);
	});

	it('refuses anonymous access', async () => {
		const res = await h.app.request('/api/replication/submissions/pull');
		expect(res.status).toBe(401);
	});
});
