import type { CollectionName } from '@rounds/shared/sync/registry';

interface View {
	collection: CollectionName;
	id: string;
	at: string;
}

const key = (userId: string) => `rounds.views.${userId}`;

function read(userId: string): View[] {
	try {
		return JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as View[];
	} catch {
		return [];
	}
}

let flushing = false;

/**
 * Records that the signed-in user viewed learning content (privacy law: who saw what). Views
 * made offline wait on the device and are sent when the server can be reached.
 */
export function recordView(userId: string, collection: CollectionName, id: string): void {
	const views = [...read(userId), { collection, id, at: new Date().toISOString() }].slice(-500);
	localStorage.setItem(key(userId), JSON.stringify(views));
	void flushViews(userId);
}

/** Sends queued views; keeps them if the server cannot be reached. */
export async function flushViews(userId: string): Promise<void> {
	if (flushing) return;
	flushing = true;
	try {
		for (;;) {
			const views = read(userId);
			if (!views.length) return;
			const batch = views.slice(0, 100);
			const res = await fetch('/api/audit/views', {
				method: 'POST',
				credentials: 'same-origin',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ views: batch })
			});
			// 4xx other than 401 will not get better by retrying: drop the batch rather than loop.
			if (!res.ok && (res.status === 401 || res.status >= 500)) return;
			localStorage.setItem(key(userId), JSON.stringify(read(userId).slice(batch.length)));
		}
	} catch {
		// Offline: try again on the next view or when the app reconnects.
	} finally {
		flushing = false;
	}
}
