import {
	createRxDatabase,
	addRxPlugin,
	type RxCollection,
	type RxDatabase,
	type RxStorage
} from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { wrappedValidateStorageFactory } from 'rxdb';
import {
	collections,
	collectionNames,
	isCollectionName,
	type CollectionName,
	type DocOf
} from '@rounds/shared/sync/registry';
import { toRxJsonSchema } from '@rounds/shared/sync/rxdb-schema';
import { sameDoc } from '@rounds/shared/sync/canonical';
import { mergeConflict, type Resolution } from '@rounds/shared/sync/conflict';

export type RoundsCollections = { [N in CollectionName]: RxCollection<DocOf<N>> };
export type RoundsDatabase = RxDatabase<RoundsCollections>;

addRxPlugin(RxDBMigrationSchemaPlugin);

/**
 * Validates documents with the shared zod schemas themselves (one source of truth with the
 * server), rather than compiling the derived JSON schema a second time with ajv.
 */
const validateWithZod = wrappedValidateStorageFactory((rxSchema) => {
	const name = String(rxSchema.title ?? '');
	// RxDB's own internal stores pass through here too: only our collections are checked.
	if (!isCollectionName(name)) return () => [];
	const zod = collections[name].schema;
	return (doc) => {
		const r = zod.safeParse(doc);
		return r.success
			? []
			: r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
	};
}, 'zod');

/** Database name per user: logout removes exactly that user's data. */
export function databaseName(userId: string): string {
	return `rounds_${userId.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
}

export interface DatabaseHooks {
	/** A local write (not one from replication): the sync indicator counts it as pending. */
	onLocalWrite?(collection: CollectionName, id: string, updatedAt: string): void;
	/** A conflict was resolved and some local values could not be kept. */
	onConflictLoss?(
		collection: CollectionName,
		id: string,
		lost: Resolution<{ id: string }>['lost']
	): void;
}

/**
 * Conflicts are resolved by the shared three-way merge (see shared/src/sync/conflict.ts):
 * deterministic on every device, and whatever local value loses is reported, never dropped
 * silently.
 */
function conflictHandler(name: CollectionName, hooks: DatabaseHooks) {
	return {
		isEqual: (a: unknown, b: unknown) => sameDoc(a, b),
		async resolve(i: {
			assumedMasterState?: unknown;
			realMasterState: unknown;
			newDocumentState: unknown;
		}) {
			type D = { id: string } & Record<string, unknown>;
			const r = mergeConflict(
				i.assumedMasterState as D | undefined,
				i.newDocumentState as D,
				i.realMasterState as D
			);
			if (r.lost.length) hooks.onConflictLoss?.(name, r.merged.id, r.lost);
			return r.merged as never;
		}
	};
}

/** Opens (or creates) the signed-in user's local database with every registered collection. */
export async function openDatabase(
	userId: string,
	opts: { devMode?: boolean; storage?: RxStorage<unknown, unknown>; hooks?: DatabaseHooks } = {}
): Promise<RoundsDatabase> {
	const hooks = opts.hooks ?? {};
	if (opts.devMode) {
		const { RxDBDevModePlugin } = await import('rxdb/plugins/dev-mode');
		addRxPlugin(RxDBDevModePlugin);
	}
	const db = await createRxDatabase<RoundsCollections>({
		name: databaseName(userId),
		storage: validateWithZod({ storage: opts.storage ?? getRxStorageDexie() }),
		multiInstance: true,
		ignoreDuplicate: opts.devMode === true,
		closeDuplicates: true,
		// Counts for badges run over small per-user collections; a scan is fine here.
		allowSlowCount: true
	});
	const defs = Object.fromEntries(
		collectionNames.map((n) => [
			n,
			{
				schema: toRxJsonSchema(collections[n]) as never,
				conflictHandler: conflictHandler(n, hooks)
			}
		])
	);
	await db.addCollections(defs as never);
	// Collection hooks run for the app's own writes only; replication writes bypass them.
	for (const n of collectionNames) {
		const mark = (data: { id: string; updatedAt?: string }) =>
			hooks.onLocalWrite?.(n, data.id, data.updatedAt ?? new Date().toISOString());
		const c = db.collections[n];
		c.postInsert((data) => mark(data as never), false);
		c.postSave((data) => mark(data as never), false);
		c.postRemove((data) => mark(data as never), false);
	}
	return db;
}

/**
 * Deletes every IndexedDB database that belongs to the user (RxDB keeps one per collection and
 * per replication meta store). A deletion blocked by a connection still open in this page
 * completes when the page unloads, so callers reload after this.
 */
export async function wipeUserDatabases(userId: string): Promise<void> {
	const prefix = databaseName(userId);
	const names = (await indexedDB.databases())
		.map((d) => d.name ?? '')
		.filter((n) => n.includes(`${prefix}--`) || n === prefix);
	await Promise.all(
		names.map(
			(name) =>
				new Promise<void>((resolve) => {
					const r = indexedDB.deleteDatabase(name);
					r.onsuccess = r.onerror = () => resolve();
					// Blocked: finishes once this page's connections close on the reload that follows.
					r.onblocked = () => setTimeout(resolve, 500);
				})
		)
	);
}
