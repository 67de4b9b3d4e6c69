import type { Notification } from '@rounds/shared/notifications/notification.schema';

/** One person's notifications, newest first. */
export function inboxOf<N extends Notification>(all: readonly N[], userId: string): N[] {
	return all
		.filter((n) => n.userId === userId)
		.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

export const unreadCount = (items: readonly Pick<Notification, 'readAt'>[]): number =>
	items.filter((n) => n.readAt === null).length;

/** Ids to mark read: only the unread ones, so reading twice writes nothing. */
export function toMarkRead(items: readonly Pick<Notification, 'id' | 'readAt'>[]): string[] {
	return items.filter((n) => n.readAt === null).map((n) => n.id);
}

/**
 * Links come from the server; only same-app paths are followed, so a crafted notification cannot
 * send the user elsewhere.
 */
export function safeLink(link: string): string | null {
	return /^\/(?!\/)[\w\-./?=&%:]*$/.test(link) && !link.includes('..') ? link : null;
}
