import { get } from 'svelte/store';
import { _ } from 'svelte-i18n';
import { session } from '#lib/session/session.svelte.ts';
import { syncStatus } from '#lib/sync/sync-status.svelte.ts';

/**
 * Signing out deletes this device's copy of the user's data, so it asks first, and names the
 * changes that would be lost when some have not reached the server.
 */
export async function signOutWithConfirm(): Promise<void> {
	const t = get(_);
	const n = syncStatus.pendingCount;
	const question = n
		? t('settings.signOutPending', { values: { count: n } })
		: t('settings.signOutNote');
	if (confirm(question)) await session.logout();
}
