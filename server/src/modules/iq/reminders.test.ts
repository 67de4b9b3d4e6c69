import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import { readersOf } from '@rounds/shared/sync/access';
import { iqReviewFactory, personFactory } from '@rounds/shared/testing/factories';
import { insertDocument } from '../sync/documents.repository.ts';
import { makeTestDeps, type TestDeps } from '../../testing/test-deps.ts';
import { reminderId, sendReviewReminders } from './reminders.ts';

let deps: TestDeps;
const insert = (over: Parameters<typeof iqReviewFactory>[0]) => {
	const r = iqReviewFactory(over);
	return insertDocument(deps.db, 'iq_reviews', r, false, readersOf('iq_reviews', r));
};

beforeEach(async () => {
	deps = await makeTestDeps({ smtpUrl: 'smtp://localhost:1' });
	deps.clock.now = new Date('2026-12-10T07:00:00Z');
	const reviewer = personFactory({ id: 'rev', roles: ['sonographer'], modalities: ['US'] });
	await insertDocument(deps.db, 'people', reviewer, false, readersOf('people', reviewer));
	await insert({ id: 'soon', reviewerId: 'rev', dueOn: '2026-12-13' });
	await insert({ id: 'draft-past', reviewerId: 'rev', dueOn: '2026-12-09', status: 'draft' });
	await insert({ id: 'later', reviewerId: 'rev', dueOn: '2026-12-14' });
	await insert({ id: 'done', reviewerId: 'rev', dueOn: '2026-12-01', status: 'submitted' });
	await insert({ id: 'declined', reviewerId: 'rev', dueOn: '2026-12-01', status: 'declined' });
	await insert({ id: 'moved', reviewerId: 'rev', dueOn: '2026-12-01', status: 'reassigned' });
});
afterEach(() => deps.close());

async function reminders() {
	const rows = await deps.db.query<{ data: Notification }>(
		`select data from documents where collection = 'notifications' order by id`
	);
	return rows.rows.map((r) => r.data);
}

describe('review due reminders', () => {
	it('remind open reviews due within three days, then once more when overdue, once each', async () => {
		expect(await sendReviewReminders(deps)).toBe(2);
		expect(await sendReviewReminders(deps)).toBe(0);
		expect((await reminders()).map((n) => [n.id, n.kind, n.userId, n.title])).toEqual([
			['n:due-overdue:draft-past', 'review-due', 'rev', 'An image-quality review is overdue'],
			['n:due-soon:soon', 'review-due', 'rev', 'An image-quality review is due soon']
		]);
		expect((await reminders())[1]).toMatchObject({
			body: 'US · US abdomen complete · due 2026-12-13',
			link: '/reviews/soon'
		});
		const mail = await deps.db.query<{ id: string }>('select id from email_outbox order by id');
		expect(mail.rows.map((r) => r.id)).toEqual(['n:due-overdue:draft-past', 'n:due-soon:soon']);

		// Next day: "later" enters the window; four days on, "soon" is overdue and "later" too.
		deps.clock.advance(86_400_000);
		expect(await sendReviewReminders(deps)).toBe(1);
		deps.clock.advance(4 * 86_400_000);
		expect(await sendReviewReminders(deps)).toBe(2);
		expect(await sendReviewReminders(deps)).toBe(0);
	});

	it('keeps reminder ids within 64 characters without letting long ids collide', () => {
		const a = reminderId(`iq-r-0123456789ab-${'x'.repeat(45)}1`, 'soon');
		const b = reminderId(`iq-r-0123456789ab-${'x'.repeat(45)}2`, 'soon');
		expect(a.length).toBeLessThanOrEqual(64);
		expect(a).not.toBe(b);
	});
});
