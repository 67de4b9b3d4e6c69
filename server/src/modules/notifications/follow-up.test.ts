import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readersOf } from '@rounds/shared/sync/access';
import { submissionFactory } from '@rounds/shared/testing/factories';
import { insertDocument } from '../sync/documents.repository.ts';
import { makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';
import { sendDueFollowUps } from './follow-up.ts';

let deps: TestDeps;
beforeEach(async () => {
	deps = await makeTestDeps();
	deps.clock.now = new Date('2026-03-10T08:00:00Z');
	for (const s of [
		submissionFactory({ id: 'due', submitterId: 'rad-a', followUpOn: '2026-03-10' }),
		submissionFactory({ id: 'later', submitterId: 'rad-a', followUpOn: '2026-03-11' }),
		submissionFactory({
			id: 'draft',
			submitterId: 'rad-a',
			followUpOn: '2026-03-01',
			status: 'draft'
		}),
		submissionFactory({ id: 'none', submitterId: 'rad-a' })
	])
		await insertDocument(deps.db, 'submissions', s, false, readersOf('submissions', s));
});
afterEach(() => deps.close());

describe('follow-up reminders', () => {
	it('remind the submitter once, on the chosen date, never for drafts', async () => {
		expect(await sendDueFollowUps(deps)).toBe(1);
		expect(await sendDueFollowUps(deps)).toBe(0);
		const rows = await deps.db.query<{ data: { userId: string; link: string } }>(
			`select data from documents where collection = 'notifications'`
		);
		expect(rows.rows.map((r) => r.data.userId)).toEqual(['rad-a']);
		deps.clock.advance(86_400_000);
		expect(await sendDueFollowUps(deps)).toBe(1);
	});
});
