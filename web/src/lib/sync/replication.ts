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

/** Thrown for answers that retrying cannot fix; RxDB still retries, the user sees the message. */
class SyncHttpError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

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

	async function request(
		name: CollectionName,
		url: string,
		init: RequestInit = {}
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
		syncStatus.error = message;
		throw new SyncHttpError(res.status, message);
	}

	const states: RxReplicationState<unknown, Checkpoint>[] = collectionNames.map((name) => {
		const collection = db.collections[name];
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
					(accepted, rejected) => syncStatus.notePulled(name, accepted, rejected)
				) as never
			},
			push: {
				batchSize: 50,
				async handler(rows) {
					const res = await request(name, `/api/replication/${name}/push`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(rows)
					});
					const conflicts = (await res.json()) as WireDoc[];
					// Conflicts are merged by the handler in database.ts (lost values are reported
					// there); the count of waiting changes follows what is still left to push.
					const { confirmed, awaiting } = settlePush(rows as unknown as PushedRow[], conflicts);
					for (const c of confirmed) syncStatus.markPushed(name, c.id, c.updatedAt);
					for (const a of awaiting) syncStatus.awaitMerge(name, a.id, a.pushed, a.next);
					syncStatus.markSynced();
					return conflicts as never[];
				}
			}
		});
	});
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
