import { Subject } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxReplicationPullStreamItem } from 'rxdb/plugins/core';
import { collections, collectionNames, type CollectionName } from '@rounds/shared/sync/registry';
import {
	SCHEMA_VERSION_HEADER,
	encodeCheckpoint,
	type ApiError,
	type Checkpoint,
	type PullResponse,
	type WireDoc
} from '@rounds/shared/sync/protocol';
import type { RoundsDatabase } from '#lib/db/database.ts';
import { syncStatus } from './sync-status.svelte.ts';
import { settlePush, type PushedRow } from './push-outcome.ts';
import { createPullHandler, storageRefusal } from './pull-check.ts';
import { createPushHandler, SyncHttpError, type PushSettlement } from './push-refusal.ts';
import type { RefusedChange } from './refused-changes.ts';
import { putBackServerCopy } from './restore.ts';

export interface ReplicationController {
	/** Pulls every collection now and pushes what is waiting. */
	syncNow(): void;
	stop(): Promise<void>;
}

type Stream = Subject<RxReplicationPullStreamItem<unknown, Checkpoint>>;

/**
 * Replicates every registered collection with the server (RxDB's HTTP protocol, see
 * ARCHITECTURE.md). One EventSource for all collections tells which one changed; every
 * (re)connect sends RESYNC to all, so nothing missed while offline stays missed. Never waits
 * for the initial replication: the app works from local data from the first frame.
 */
export function startReplication(
	db: RoundsDatabase,
	opts: { onUnauthorized: () => void }
): ReplicationController {
	const streams = new Map<CollectionName, Stream>(
		collectionNames.map((n) => [n, new Subject() as Stream])
	);
	const resyncAll = () => streams.forEach((s) => s.next('RESYNC'));

	/**
	 * A replication request; a failed answer throws `SyncHttpError`. `quiet`: the caller decides
	 * what the user sees (a refused push is not a "sync problem"; a missing document is normal).
	 */
	async function request(
		name: CollectionName,
		url: string,
		init: RequestInit = {},
		quiet = false
	): Promise<Response> {
		let res: Response;
		try {
			res = await fetch(url, {
				credentials: 'same-origin',
				...init,
				headers: {
					...init.headers,
					[SCHEMA_VERSION_HEADER]: `${name}@${collections[name].version}`
				}
			});
		} catch (e) {
			syncStatus.online = false;
			throw e;
		}
		if (res.ok) return res;
		const body = (await res.json().catch(() => null)) as ApiError | null;
		const message = body?.message ?? `The server answered ${res.status}`;
		if (res.status === 401) opts.onUnauthorized();
		if (res.status === 426) syncStatus.outdated = true;
		if (!quiet) syncStatus.error = message;
		throw new SyncHttpError(res.status, message, body);
	}

	/** The server's copy of one document as this user's pull would serve it; null if none. */
	async function fetchServerCopy(name: CollectionName, id: string): Promise<WireDoc | null> {
		try {
			const res = await request(
				name,
				`/api/replication/${name}/doc/${encodeURIComponent(id)}`,
				{},
				true
			);
			return (await res.json()) as WireDoc;
		} catch (e) {
			if (e instanceof SyncHttpError && e.status === 404) return null;
			throw e;
		}
	}

	/** What the server took, merged or refused in one push of `name`. */
	function settled(name: CollectionName, s: PushSettlement): void {
		// Conflicts are merged by the handler in database.ts (lost values are reported there); the
		// count of waiting changes follows what is still left to push.
		const { confirmed, awaiting } = settlePush(s.sent, s.conflicts);
		for (const c of confirmed) syncStatus.markPushed(name, c.id, c.updatedAt);
		for (const a of awaiting) syncStatus.awaitMerge(name, a.id, a.pushed, a.next);
		syncStatus.clearRefused(name, confirmed, 'accepted');
		syncStatus.markSynced();
		const at = new Date().toISOString();
		syncStatus.noteRefused(
			s.refused.map(({ row, reason }): RefusedChange => {
				const doc = row.newDocumentState;
				return {
					collection: name,
					id: doc.id,
					reason,
					at,
					version: doc.updatedAt ?? '',
					// After the compare-and-set the server holds what this change was based on.
					serverVersion: row.assumedMasterState?.updatedAt ?? null,
					restored: false,
					dismissed: false,
					...(name === 'attendance' &&
					typeof doc.conferenceId === 'string' &&
					typeof doc.userId === 'string'
						? { attendance: { conferenceId: doc.conferenceId, userId: doc.userId } }
						: {})
				};
			})
		);
		for (const { row } of s.refused)
			void restore(name, row.newDocumentState.id, row.newDocumentState);
	}

	const states: RxReplicationState<unknown, Checkpoint>[] = collectionNames.map((name) => {
		const collection = db.collections[name];
		const pushRows = createPushHandler(
			async (rows) => {
				const res = await request(
					name,
					`/api/replication/${name}/push`,
					{
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(rows)
					},
					true
				);
				return (await res.json()) as WireDoc[];
			},
			(s) => settled(name, s)
		);
		return replicateRxCollection<unknown, Checkpoint>({
			collection: collection as never,
			replicationIdentifier: `rounds-http-${name}`,
			live: true,
			retryTime: 5000,
			waitForLeadership: false,
			autoStart: true,
			pull: {
				batchSize: 200,
				stream$: streams.get(name)!.asObservable(),
				// Documents this device would refuse are left out and reported, never a silent stop.
				handler: createPullHandler(
					name,
					async (checkpoint, batchSize) => {
						const res = await request(
							name,
							`/api/replication/${name}/pull?checkpoint=${encodeCheckpoint(checkpoint)}&batchSize=${batchSize}`
						);
						const body = (await res.json()) as PullResponse;
						syncStatus.markSynced();
						return body;
					},
					(accepted, rejected) => {
						syncStatus.notePulled(
							name,
							accepted.map((d) => d.id),
							rejected
						);
						syncStatus.clearRefused(name, accepted, 'arrived');
					}
				) as never
			},
			push: {
				batchSize: 50,
				handler: (async (rows: PushedRow[]) => {
					try {
						return await pushRows(rows);
					} catch (e) {
						// Refused rows were handled inside; what is left is a sync problem to retry.
						if (e instanceof SyncHttpError) syncStatus.error = e.message;
						throw e;
					}
				}) as never
			}
		});
	});
	const replicationOf = new Map(collectionNames.map((n, i) => [n, states[i]!]));

	const restoring = new Set<string>();
	/** Puts the server's copy of a refused document back on the device (none if it has none). */
	async function restore(name: CollectionName, id: string, refused?: WireDoc): Promise<void> {
		const key = `${name}:${id}`;
		const replication = replicationOf.get(name);
		if (restoring.has(key) || !replication) return;
		restoring.add(key);
		try {
			const { serverVersion, rejected } = await putBackServerCopy({
				name,
				id,
				replication,
				fetchServerCopy: (docId) => fetchServerCopy(name, docId),
				readLocal: async (docId) =>
					((await db.collections[name].findOne(docId).exec())?.toJSON() as WireDoc | undefined) ??
					null,
				refused
			});
			if (rejected.length) syncStatus.notePulled(name, [], rejected);
			syncStatus.markRestored(name, id, serverVersion);
		} catch {
			// Offline or the server is unwell: tried again on the next connection or "Sync now".
		} finally {
			restoring.delete(key);
		}
	}
	const restorePending = () => {
		for (const r of syncStatus.refused) if (!r.restored) void restore(r.collection, r.id);
	};
	restorePending();

	// A flag for the indicator (and tests), never something to wait on: offline it never comes.
	syncStatus.caughtUp = false;
	void Promise.all(states.map((s) => s.awaitInitialReplication()))
		.then(() => (syncStatus.caughtUp = true))
		.catch(() => undefined);
	states.forEach((s, i) => {
		const name = collectionNames[i]!;
		// A pulled document the storage refused (the pull check should catch them all first).
		s.error$.subscribe((e) => {
			const refusal = storageRefusal(e);
			if (refusal) syncStatus.noteBlocked(name, refusal);
		});
		s.active$.subscribe(() => {
			syncStatus.active = states.some(
				(x) => x.isStopped() === false && x.subjects.active.getValue()
			);
		});
	});

	let source: EventSource | null = null;
	let retry: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	const connect = () => {
		if (stopped) return;
		source = new EventSource('/api/replication/stream', { withCredentials: true });
		source.onopen = () => {
			syncStatus.online = true;
			resyncAll();
			restorePending();
		};
		source.onmessage = (e: MessageEvent<string>) => {
			if (e.data === 'RESYNC') return resyncAll();
			try {
				const { collection } = JSON.parse(e.data) as { collection: CollectionName };
				streams.get(collection)?.next('RESYNC');
			} catch {
				resyncAll();
			}
		};
		source.onerror = () => {
			// The browser reconnects by itself unless the server refused (e.g. 401): then we retry
			// slowly ourselves, and a pull will tell the session if it has ended.
			if (source?.readyState === EventSource.CLOSED) {
				source = null;
				retry = setTimeout(connect, 5000);
			}
		};
	};
	connect();

	const onOnline = () => {
		syncStatus.online = true;
		states.forEach((s) => s.reSync());
		restorePending();
		if (!source) connect();
	};
	const onOffline = () => (syncStatus.online = false);
	window.addEventListener('online', onOnline);
	window.addEventListener('offline', onOffline);

	return {
		syncNow() {
			// Fire and forget: offline, "in sync" never comes, and the button must not hang.
			resyncAll();
			states.forEach((s) => s.reSync());
			restorePending();
			if (!source) connect();
		},
		async stop() {
			stopped = true;
			clearTimeout(retry);
			source?.close();
			window.removeEventListener('online', onOnline);
			window.removeEventListener('offline', onOffline);
			await Promise.all(states.map((s) => s.cancel()));
		}
	};
}
