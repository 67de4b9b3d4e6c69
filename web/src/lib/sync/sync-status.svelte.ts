import type { CollectionName } from '@rounds/shared/sync/registry';
import type { RejectedDoc } from './pull-check.ts';
import { noteBlocked, notePulled, problemCount, type SyncProblems } from './sync-problems.ts';
import {
	clearRefused,
	dismissRefused,
	markRestored,
	noteRefused,
	type RefusedChange
} from './refused-changes.ts';

export interface ConflictNote {
	collection: CollectionName;
	id: string;
	at: string;
	lost: { field: string; local: unknown; server: unknown }[];
}

/**
 * What the sync indicator shows on every screen: connectivity, local changes the server has not
 * confirmed yet, the last successful exchange, problems, and changes that lost a conflict.
 * Pending changes are persisted per user so they survive an offline reload.
 */
class SyncStatus {
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	active = $state(false);
	/** Every collection has caught up with the server once since replication (re)started. */
	caughtUp = $state(false);
	/** `collection:id` → the `updatedAt` of the local write not yet confirmed. */
	pending = $state<Record<string, string>>({});
	lastSyncedAt = $state<string | null>(null);
	error = $state<string | null>(null);
	outdated = $state(false);
	conflicts = $state<ConflictNote[]>([]);
	/** Records the server sent that this device could not store, per collection. */
	problems = $state<SyncProblems>({});
	/** Local changes the server refused for good (not waiting: they will never be sent again). */
	refused = $state<RefusedChange[]>([]);
	#userId: string | null = null;

	pendingCount = $derived(Object.keys(this.pending).length);
	problemCount = $derived(problemCount(this.problems));
	/** Refusals the user has not dismissed yet. */
	refusedShown = $derived(this.refused.filter((r) => !r.dismissed));
	/** Caught up, and nothing the server sent was left out: what "in sync" may claim. */
	complete = $derived(this.caughtUp && this.problemCount === 0);

	/** Binds the status to a user and restores what was pending on this device. */
	attach(userId: string): void {
		this.#userId = userId;
		this.pending = read(`rounds.pending.${userId}`, {});
		this.lastSyncedAt = read(`rounds.lastSynced.${userId}`, null);
		this.conflicts = read(`rounds.conflicts.${userId}`, []);
		this.problems = read(`rounds.problems.${userId}`, {});
		this.refused = read(`rounds.refused.${userId}`, []);
		this.error = null;
		this.outdated = false;
	}

	/** Forgets everything of the user on this device (logout). */
	detach(): void {
		if (this.#userId)
			for (const k of ['pending', 'lastSynced', 'conflicts', 'problems', 'refused'])
				localStorage.removeItem(`rounds.${k}.${this.#userId}`);
		this.#userId = null;
		this.pending = {};
		this.lastSyncedAt = null;
		this.conflicts = [];
		this.problems = {};
		this.refused = [];
		this.error = null;
	}

	markLocal(collection: CollectionName, id: string, updatedAt: string): void {
		this.pending = { ...this.pending, [`${collection}:${id}`]: updatedAt };
		this.#save('pending', this.pending);
	}

	/** The server stored this state: clear it unless the user changed it again meanwhile. */
	markPushed(collection: CollectionName, id: string, updatedAt: string): void {
		const key = `${collection}:${id}`;
		if (!(key in this.pending) || this.pending[key]! > updatedAt) return;
		const next = { ...this.pending };
		delete next[key];
		this.pending = next;
		this.#save('pending', this.pending);
	}

	/**
	 * A push of this state met a newer server state and the merge keeps local values: the change
	 * stays pending until the merged state (stamped with the server's `next`) is pushed, unless the
	 * user changed the document again meanwhile.
	 */
	awaitMerge(collection: CollectionName, id: string, pushed: string, next: string): void {
		const key = `${collection}:${id}`;
		if (!(key in this.pending) || this.pending[key]! > pushed) return;
		this.pending = { ...this.pending, [key]: next };
		this.#save('pending', this.pending);
	}

	isPending(collection: CollectionName, id: string): boolean {
		return `${collection}:${id}` in this.pending;
	}

	markSynced(): void {
		// A reply that was in flight when the network dropped must not claim we are online.
		this.online = navigator.onLine;
		this.error = null;
		this.lastSyncedAt = new Date().toISOString();
		this.#save('lastSynced', this.lastSyncedAt);
	}

	addConflict(note: ConflictNote): void {
		this.conflicts = [...this.conflicts, note].slice(-50);
		this.#save('conflicts', this.conflicts);
	}

	dismissConflicts(): void {
		this.conflicts = [];
		this.#save('conflicts', this.conflicts);
	}

	/**
	 * A pulled page of `collection`: notes the documents left out as invalid and clears earlier
	 * ones that now arrived valid. Kept across reloads: the checkpoint has moved past them, so
	 * they would not be reported again.
	 */
	notePulled(collection: CollectionName, acceptedIds: string[], rejected: RejectedDoc[]): void {
		const next = notePulled(this.problems, collection, acceptedIds, rejected);
		if (next === this.problems) return;
		this.problems = next;
		// A stopped collection is found again on the next start; only skipped documents persist.
		const skippedOnly = Object.fromEntries(
			Object.entries(next).map(([c, p]) => [c, { skipped: p.skipped }])
		);
		this.#save('problems', skippedOnly);
	}

	/** The local storage refused a pulled document: the collection cannot move past it. */
	noteBlocked(collection: CollectionName, refusal: { id: string; message: string }): void {
		this.problems = noteBlocked(this.problems, collection, refusal);
	}

	/**
	 * The server refused these changes for good: they are no longer waiting (the user's later
	 * changes to the same document still are) and are kept, across reloads, to tell the user.
	 */
	noteRefused(changes: RefusedChange[]): void {
		if (!changes.length) return;
		for (const c of changes) this.markPushed(c.collection, c.id, c.version);
		this.#setRefused(noteRefused(this.refused, changes));
	}

	/** Later versions the server accepted or sent: their earlier refusals are old news. */
	clearRefused(
		collection: CollectionName,
		docs: readonly { id: string; updatedAt?: unknown }[],
		how: 'accepted' | 'arrived'
	): void {
		const next = clearRefused(this.refused, collection, docs, how);
		if (next !== this.refused) this.#setRefused([...next]);
	}

	/** The device holds the server's copy of a refused document again. */
	markRestored(collection: CollectionName, id: string, serverVersion: string | null): void {
		this.#setRefused(markRestored(this.refused, collection, id, serverVersion));
	}

	dismissRefused(): void {
		this.#setRefused(dismissRefused(this.refused));
	}

	#setRefused(next: RefusedChange[]): void {
		this.refused = next;
		this.#save('refused', next);
	}

	#save(key: string, value: unknown): void {
		if (this.#userId) localStorage.setItem(`rounds.${key}.${this.#userId}`, JSON.stringify(value));
	}
}

function read<T>(key: string, fallback: T): T {
	try {
		const raw = localStorage.getItem(key);
		return raw === null ? fallback : (JSON.parse(raw) as T);
	} catch {
		return fallback;
	}
}

export const syncStatus = new SyncStatus();
