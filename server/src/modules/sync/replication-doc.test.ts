import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { collections } from '@rounds/shared/sync/registry';
import { SCHEMA_VERSION_HEADER, type WireDoc } from '@rounds/shared/sync/protocol';
import { readersOf } from '@rounds/shared/sync/access';
import type { Person } from '@rounds/shared/identity/identity.schema';
import { personFactory, siteFactory, submissionFactory } from '@rounds/shared/testing/factories';
import { defaultConfig, type AppEnv, type Deps } from '../../app-env.ts';
import { openTestDb, type TestDb } from '../../testing/test-db.ts';
import { createChangeFeed } from './change-feed.ts';
import { insertDocument } from './documents.repository.ts';
import { replicationRoutes } from './replication.routes.ts';

const submitter = personFactory({ id: 'p-submitter', roles: ['radiologist'] });
const stranger = personFactory({ id: 'p-stranger', roles: ['radiologist'] });
const director = personFactory({ id: 'p-director', roles: ['peer_learning_director'] });
const people = [submitter, stranger, director];

let t: TestDb;
let deps: Deps;
let app: Hono<AppEnv>;
beforeEach(async () => {
	t = await openTestDb();
	deps = {
		db: t.db,
		feed: await createChangeFeed(t.db, t.channel),
		config: defaultConfig,
		now: () => new Date('2026-03-02T10:00:00Z')
	};
	app = new Hono<AppEnv>()
		.use(async (c, next) => {
			c.set('user', people.find((p) => p.id === c.req.header('x-test-user')) ?? null);
			await next();
		})
		.route('/api/replication', replicationRoutes(deps));
});
afterEach(async () => {
	await deps.feed.close();
	await t.close();
});

function getDoc(user: Person | null, collection: string, id: string, version?: string) {
	return app.request(`/api/replication/${collection}/doc/${encodeURIComponent(id)}`, {
		headers: {
			...(user ? { 'x-test-user': user.id } : {}),
			[SCHEMA_VERSION_HEADER]: version ?? `${collection}@${collections.submissions.version}`
		}
	});
}

async function store(doc: ReturnType<typeof submissionFactory>, deleted = false) {
	await t.db.transaction(async (tx) => {
		await insertDocument(tx, 'submissions', doc, deleted, readersOf('submissions', doc));
	});
}

describe('GET /api/replication/:collection/doc/:id', () => {
	it('returns the stored wire document to a reader, and audits learning content', async () => {
		const doc = submissionFactory({ id: 'sub-1', submitterId: submitter.id, status: 'submitted' });
		await store(doc);
		for (const who of [submitter, director]) {
			const res = await getDoc(who, 'submissions', 'sub-1');
			expect(res.status).toBe(200);
			const body = (await res.json()) as WireDoc;
			expect(body).toEqual({ ...doc, _deleted: false });
		}
		const audited = await t.db.query<{ actor_id: string; detail: { ids: string[] } }>(
			`select actor_id, detail from audit_log where action = 'pull' order by id`
		);
		expect(audited.rows.map((r) => [r.actor_id, r.detail.ids])).toEqual([
			[submitter.id, ['sub-1']],
			[director.id, ['sub-1']]
		]);
	});

	it('returns a tombstone as deleted, so the device removes its copy', async () => {
		const doc = submissionFactory({ id: 'sub-gone', submitterId: submitter.id });
		await store(doc, true);
		const res = await getDoc(submitter, 'submissions', 'sub-gone');
		expect(res.status).toBe(200);
		expect(((await res.json()) as WireDoc)._deleted).toBe(true);
	});

	it('answers 404 alike for a document the user may not read and one that does not exist', async () => {
		await store(submissionFactory({ id: 'sub-draft', submitterId: submitter.id, status: 'draft' }));
		const hidden = await getDoc(director, 'submissions', 'sub-draft');
		const missing = await getDoc(director, 'submissions', 'no-such-id');
		expect([hidden.status, missing.status]).toEqual([404, 404]);
		expect(await hidden.json()).toEqual(await missing.json());
		expect((await getDoc(stranger, 'submissions', 'x'.repeat(300))).status).toBe(404);
	});

	it('refuses the anonymous, unknown collections and outdated clients', async () => {
		await store(submissionFactory({ id: 'sub-2', submitterId: submitter.id }));
		expect((await getDoc(null, 'submissions', 'sub-2')).status).toBe(401);
		expect((await getDoc(submitter, 'nope', 'sub-2', 'nope@0')).status).toBe(404);
		const outdated = await getDoc(submitter, 'submissions', 'sub-2', 'submissions@99');
		expect(outdated.status).toBe(426);
	});
});

describe('a device that removed its copy of a refused new document', () => {
	function push(user: Person, rows: unknown[]) {
		return app.request('/api/replication/submissions/push', {
			method: 'POST',
			headers: {
				'x-test-user': user.id,
				[SCHEMA_VERSION_HEADER]: `submissions@${collections.submissions.version}`,
				'content-type': 'application/json'
			},
			body: JSON.stringify(rows)
		});
	}

	it('may create it again: a tombstone assumed where nothing is stored is no document', async () => {
		await t.db.transaction(async (tx) => {
			for (const p of people) await insertDocument(tx, 'people', p, false, ['all']);
			const site = siteFactory({ id: 'site-lg' });
			await insertDocument(tx, 'settings', site, false, readersOf('settings', site));
		});
		const doc = submissionFactory({ id: 'sub-again', submitterId: submitter.id });
		// The device wrote `_deleted: true` as the server's state when it removed its copy.
		const tombstone = { ...doc, _deleted: true };
		const res = await push(submitter, [
			{ assumedMasterState: tombstone, newDocumentState: { ...doc, _deleted: false } }
		]);
		expect(res.status, await res.clone().text()).toBe(200);
		expect(await res.json()).toEqual([]);
		const stored = await getDoc(submitter, 'submissions', 'sub-again');
		expect(((await stored.json()) as WireDoc)._deleted).toBe(false);
		// A live document assumed where nothing is stored is still refused.
		const ghost = submissionFactory({ id: 'sub-ghost', submitterId: submitter.id });
		const refused = await push(submitter, [
			{ assumedMasterState: { ...ghost, _deleted: false }, newDocumentState: ghost }
		]);
		expect(refused.status).toBe(409);
	});
});
