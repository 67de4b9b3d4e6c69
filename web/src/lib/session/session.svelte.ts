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
import { flushViews } from '#lib/audit/view-audit.ts';
import { canReopenOffline, offlineReason, type SignInReason } from './offline-policy.ts';

const CACHE = 'rounds.session';

/** Why a sign-in failed; the server's own wording stays generic on purpose (no user probing). */
export type LoginProblem = 'offline' | 'invalid' | 'rate-limited' | 'server';

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
	#waitingForDb: ((db: RoundsDatabase) => void)[] = [];

	constructor() {
		if (typeof window !== 'undefined')
			addEventListener('online', () => this.user && void flushViews(this.user.id));
		provideFeatureContext({
			user: () => this.user,
			db: () => this.db,
			isPending: (collection, doc) => syncStatus.isPending(collection, doc.id)
		});
	}

	/**
	 * On app start: resume the server session, or the cached one when offline. A cached session
	 * still inside its offline period opens at once and is checked with the server behind it, so
	 * a slow hospital network never holds up the first screen.
	 */
	async restore(): Promise<void> {
		const cached = readCache();
		if (cached && canReopenOffline(cached, new Date())) {
			await this.#open(cached);
			void this.#revalidate();
			return;
		}
		const answer = await this.#askServer();
		if (answer.kind === 'ok') return this.#open(answer.info);
		this.reason =
			answer.kind === 'ended' ? (cached ? 'session-ended' : 'none') : offlineReason(cached);
		this.phase = 'signed-out';
	}

	/** The server's view of the cookie: a session, a definite no (401), or no answer. */
	async #askServer(): Promise<
		{ kind: 'ok'; info: SessionInfo } | { kind: 'ended' } | { kind: 'unreachable' }
	> {
		try {
			const res = await fetch('/api/session', {
				credentials: 'same-origin',
				signal: AbortSignal.timeout(8000)
			});
			if (res.ok) return { kind: 'ok', info: (await res.json()) as SessionInfo };
			// Only a 401 ends the session: a proxy's 502 or a server restart must not sign anyone out.
			return res.status === 401 ? { kind: 'ended' } : { kind: 'unreachable' };
		} catch {
			return { kind: 'unreachable' };
		}
	}

	async #revalidate(): Promise<void> {
		const answer = await this.#askServer();
		if (answer.kind === 'ok') await this.#open(answer.info);
		else if (answer.kind === 'ended') this.sessionEnded();
	}

	/** Signs in online; `null` on success, else why not (the login page words it). */
	async login(email: string, password: string): Promise<LoginProblem | null> {
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
		if (res.status === 401 || res.status === 400) return 'invalid';
		if (res.status === 429) return 'rate-limited';
		if (!res.ok) return 'server';
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
			if (k.startsWith('rounds.draft') || (user && k.endsWith(`.${user.id}`)))
				localStorage.removeItem(k);
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

	/** Resolves with the open database, now or once someone signs in. */
	whenDb(): Promise<RoundsDatabase> {
		if (this.db) return Promise.resolve(this.db);
		return new Promise((resolve) => this.#waitingForDb.push(resolve));
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
			// Another user on a shared device: close the previous one's database (it stays on the
			// device, unsynced changes included, until they sign in and out themselves).
			const previous = this.db;
			if (previous) {
				await this.#replication?.stop().catch(() => undefined);
				this.#replication = null;
				this.db = null;
				await previous.close().catch(() => undefined);
			}
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
			// Benchmarks drive the real database from the page; opt-in per device, never by default.
			if (localStorage.getItem('rounds.bench') === '1')
				(globalThis as { __roundsDb?: RoundsDatabase }).__roundsDb = db;
			this.user = info.user;
			this.#startSync(db);
			this.phase = 'ready';
			for (const resolve of this.#waitingForDb.splice(0)) resolve(db);
		})().finally(() => (this.#opening = null));
		await this.#opening;
	}

	#startSync(db: RoundsDatabase): void {
		this.#replication = startReplication(db, { onUnauthorized: () => this.sessionEnded() });
		if (this.user) void flushViews(this.user.id);
	}
}

export const session = new Session();

/**
 * The signed-in user's local database, once it is open: for code outside components. Inside
 * components read `session.db` (reactive, `null` while signed out). Waits across sign-in.
 */
export const getDb = (): Promise<RoundsDatabase> => session.whenDb();
