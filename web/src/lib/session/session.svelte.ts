import { goto } from '$app/navigation';
import { removeRxDatabase } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { Person, SessionInfo } from '@rounds/shared/identity/identity.schema';
import {
	databaseName,
	openDatabase,
	wipeUserDatabases,
	type RoundsDatabase
} from '#lib/db/database.ts';
import { startReplication, type ReplicationController } from '#lib/sync/replication.ts';
import { syncStatus } from '#lib/sync/sync-status.svelte.ts';
import { provideFeatureContext } from '#lib/features/context.ts';
import { queryClient } from '#lib/api/api.ts';
import { canReopenOffline, offlineReason, type SignInReason } from './offline-policy.ts';

const CACHE = 'rounds.session';

function readCache(): SessionInfo | null {
	try {
		return JSON.parse(localStorage.getItem(CACHE) ?? 'null') as SessionInfo | null;
	} catch {
		return null;
	}
}

/**
 * Who is signed in on this device and their open local database. Online, the server decides;
 * offline, a session cached at the last online sign-in is honoured until its `offlineUntil`.
 */
class Session {
	phase = $state<'loading' | 'signed-out' | 'ready'>('loading');
	user = $state<Person | null>(null);
	db = $state.raw<RoundsDatabase | null>(null);
	offlineUntil = $state<string | null>(null);
	reason = $state<SignInReason>('none');
	#replication: ReplicationController | null = null;
	#opening: Promise<void> | null = null;

	constructor() {
		provideFeatureContext({
			user: () => this.user,
			db: () => this.db,
			isPending: (collection, doc) => syncStatus.isPending(collection, doc.id)
		});
	}

	/** On app start: resume the server session, or the cached one when offline. */
	async restore(): Promise<void> {
		const cached = readCache();
		try {
			const res = await fetch('/api/session', {
				credentials: 'same-origin',
				signal: AbortSignal.timeout(6000)
			});
			if (res.ok) return this.#open((await res.json()) as SessionInfo);
			this.reason = cached ? 'session-ended' : 'none';
			this.phase = 'signed-out';
		} catch {
			if (cached && canReopenOffline(cached, new Date())) return this.#open(cached);
			this.reason = offlineReason(cached);
			this.phase = 'signed-out';
		}
	}

	/** Signs in online; answers the server's message on failure. */
	async login(email: string, password: string): Promise<string | null> {
		let res: Response;
		try {
			res = await fetch('/api/session', {
				method: 'POST',
				credentials: 'same-origin',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email, password })
			});
		} catch {
			return 'offline';
		}
		if (!res.ok) {
			const body = (await res.json().catch(() => null)) as { message?: string } | null;
			return body?.message ?? `Sign-in failed (${res.status})`;
		}
		await this.#open((await res.json()) as SessionInfo);
		return null;
	}

	/** Ends the session and removes this user's data from the device. */
	async logout(): Promise<void> {
		const user = this.user;
		await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' }).catch(
			() => undefined
		);
		await this.#replication?.stop().catch(() => undefined);
		this.#replication = null;
		const db = this.db;
		this.db = null;
		this.user = null;
		if (db) await db.remove().catch(() => undefined);
		if (user) {
			await removeRxDatabase(databaseName(user.id), getRxStorageDexie()).catch(() => undefined);
			await wipeUserDatabases(user.id);
		}
		syncStatus.detach();
		localStorage.removeItem(CACHE);
		for (const k of Object.keys(localStorage))
			if (k.startsWith('rounds.draft')) localStorage.removeItem(k);
		queryClient.clear();
		this.reason = 'none';
		this.phase = 'signed-out';
		// A full page load closes every IndexedDB connection, so blocked deletions complete.
		location.replace('/login');
	}

	/** Called when the server says the session ended (401 during sync). */
	sessionEnded(): void {
		if (this.phase !== 'ready') return;
		localStorage.removeItem(CACHE);
		void this.#replication?.stop();
		this.#replication = null;
		this.reason = 'session-ended';
		this.phase = 'signed-out';
		void goto('/login');
	}

	syncNow(): void {
		this.#replication?.syncNow();
	}

	async #open(info: SessionInfo): Promise<void> {
		localStorage.setItem(CACHE, JSON.stringify(info));
		this.offlineUntil = info.offlineUntil;
		if (this.user?.id === info.user.id && this.db) {
			this.user = info.user;
			this.phase = 'ready';
			if (!this.#replication) this.#startSync(this.db);
			return;
		}
		this.#opening ??= (async () => {
			syncStatus.attach(info.user.id);
			const db = await openDatabase(info.user.id, {
				devMode: import.meta.env.DEV,
				hooks: {
					onLocalWrite: (c, id, at) => syncStatus.markLocal(c, id, at),
					onConflictLoss: (collection, id, lost) =>
						syncStatus.addConflict({ collection, id, lost, at: new Date().toISOString() })
				}
			});
			this.db = db;
			this.user = info.user;
			this.#startSync(db);
			this.phase = 'ready';
		})().finally(() => (this.#opening = null));
		await this.#opening;
	}

	#startSync(db: RoundsDatabase): void {
		this.#replication = startReplication(db, { onUnauthorized: () => this.sessionEnded() });
	}
}

export const session = new Session();
