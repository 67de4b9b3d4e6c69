import { describe, expect, it } from 'vitest';
import type { Notification } from '@rounds/shared/notifications/notification.schema';
import { authorizeWrite } from '@rounds/shared/sync/access';
import { personFactory } from '@rounds/shared/testing/factories';
import { inboxOf, safeLink, toMarkRead, unreadCount } from './inbox.ts';

const n = (over: Partial<Notification>): Notification => ({
	id: 'n',
	createdAt: '2026-03-01T00:00:00.000Z',
	updatedAt: '2026-03-01T00:00:00.000Z',
	userId: 'me',
	kind: 'feedback-received',
	title: 'Peer learning feedback',
	body: 'CT · LG20260001',
	link: '/feedback/fb-1',
	readAt: null,
	...over
});

describe('inbox', () => {
	const items = [
		n({ id: 'old', createdAt: '2026-03-01T00:00:00.000Z', readAt: '2026-03-02T00:00:00.000Z' }),
		n({ id: 'new', createdAt: '2026-03-05T00:00:00.000Z' }),
		n({ id: 'mid', createdAt: '2026-03-03T00:00:00.000Z' }),
		n({ id: 'theirs', userId: 'someone-else', createdAt: '2026-03-09T00:00:00.000Z' })
	];

	it('lists my notifications newest first', () => {
		expect(inboxOf(items, 'me').map((x) => x.id)).toEqual(['new', 'mid', 'old']);
	});

	it('counts and marks only the unread', () => {
		const mine = inboxOf(items, 'me');
		expect(unreadCount(mine)).toBe(2);
		expect(toMarkRead(mine)).toEqual(['new', 'mid']);
	});

	it('marks read with a change the server accepts', () => {
		const me = personFactory({ id: 'me' });
		const prev = n({});
		const next = { ...prev, readAt: '2026-03-06T00:00:00.000Z' };
		expect(authorizeWrite('notifications', me, prev, next, { person: () => undefined })).toBeNull();
	});

	it('follows only in-app links', () => {
		expect(safeLink('/triage/sub-1')).toBe('/triage/sub-1');
		expect(safeLink('/feedback/fb-1?x=1')).toBe('/feedback/fb-1?x=1');
		expect(safeLink('https://evil.example/')).toBeNull();
		expect(safeLink('//evil.example/')).toBeNull();
		expect(safeLink('javascript:alert(1)')).toBeNull();
		expect(safeLink('/a/../../b')).toBeNull();
	});
});
