import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readersOf } from '@rounds/shared/sync/access';
import { submissionFactory } from '@rounds/shared/testing/factories';
import { createApp } from '../../app.ts';
import { insertDocument } from '../sync/documents.repository.ts';
import { createSessionFor } from '../identity/session.repository.ts';
import { createTestPerson, makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';

let deps: TestDeps;
beforeEach(async () => {
	deps = await makeTestDeps();
});
afterEach(() => deps.close());

describe('view audit', () => {
	it('records views of readable documents with both clocks, and refuses the rest', async () => {
		const chief = await createTestPerson(deps, {
			roles: ['section_chief'],
			chiefOfSectionIds: ['sec-chest']
		});
		const other = await createTestPerson(deps, { roles: ['radiologist'] });
		const sub = submissionFactory({ id: 'viewed', submitterId: other.id });
		await insertDocument(deps.db, 'submissions', sub, false, readersOf('submissions', sub));
		const hidden = submissionFactory({
			id: 'hidden',
			submitterId: other.id,
			sectionId: 'sec-neuro'
		});
		await insertDocument(deps.db, 'submissions', hidden, false, readersOf('submissions', hidden));
		const app = createApp(deps);
		const cookie = `rounds_session=${await createSessionFor(deps, chief.id)}`;
		const post = (body: unknown) =>
			app.request('/api/audit/views', {
				method: 'POST',
				headers: { cookie, origin: 'http://localhost', 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
		const res = await post({
			views: [
				{ collection: 'submissions', id: 'viewed', at: '2026-03-02T08:00:00.000Z' },
				{ collection: 'submissions', id: 'hidden', at: '2026-03-02T08:01:00.000Z' }
			]
		});
		expect(await res.json()).toEqual({ recorded: 1 });
		const rows = await deps.db.query<{ doc_id: string; outcome: string; device_at: string }>(
			`select doc_id, outcome, device_at from audit_log where action = 'view' order by id`
		);
		expect(rows.rows).toEqual([
			{ doc_id: 'viewed', outcome: 'ok', device_at: '2026-03-02T08:00:00.000Z' },
			{ doc_id: 'hidden', outcome: 'rejected', device_at: '2026-03-02T08:01:00.000Z' }
		]);
		expect((await post({ views: [] })).status).toBe(400);
		expect((await app.request('/api/audit/views', { method: 'POST', body: '{}' })).status).toBe(
			401
		);
	});
});
