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
			: r.error.issues.map((i) => ({
					message: i.message,
					instancePath: '/' + i.path.join('/'),
					schemaPath: '',
					keyword: i.code,
					params: {}
				}));
	};
}, 'zod');

/** Database name per user: logout removes exactly that user's data. */
export function databaseName(userId: string): string {
	return `rounds_${userId.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
}

/** Opens (or creates) the signed-in user's local database with every registered collection. */
export async function openDatabase(
	userId: string,
	opts: { devMode?: boolean; storage?: RxStorage<unknown, unknown> } = {}
): Promise<RoundsDatabase> {
	if (opts.devMode) {
		const { RxDBDevModePlugin } = await import('rxdb/plugins/dev-mode');
		addRxPlugin(RxDBDevModePlugin);
	}
	const db = await createRxDatabase<RoundsCollections>({
		name: databaseName(userId),
		storage: validateWithZod({ storage: opts.storage ?? getRxStorageDexie() }),
		multiInstance: true,
		ignoreDuplicate: opts.devMode === true,
		closeDuplicates: true
	});
	const defs = Object.fromEntries(
		collectionNames.map((n) => [n, { schema: toRxJsonSchema(collections[n]) as never }])
	);
	await db.addCollections(defs as never);
	return db;
}
