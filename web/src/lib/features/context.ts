import type { Person } from '@rounds/shared/identity/identity.schema';
import type { CollectionName } from '@rounds/shared/sync/registry';
import type { RoundsDatabase } from '#lib/db/database.ts';
import { syncStatus } from '#lib/sync/sync-status.svelte.ts';

/**
 * The one seam between the learning-opportunity features and the app shell: who is signed in,
 * which local database is open, and whether a local write has reached the server. Reading these
 * inside `$derived` or `$effect` stays reactive because the shell's state is runes objects.
 */
export interface FeatureContext {
	user(): Person | null;
	db(): RoundsDatabase | null;
	/** True while this local document has changes the server has not confirmed. */
	isPending(collection: CollectionName, doc: { id: string }): boolean;
}

let provider: FeatureContext = {
	user: () => null,
	db: () => null,
	isPending: (collection, doc) => syncStatus.isPending(collection, doc.id)
};

/** Lets the shell (or a test) supply the session. */
export function provideFeatureContext(p: FeatureContext): void {
	provider = p;
}

export const currentUser = (): Person | null => provider.user();
export const currentDb = (): RoundsDatabase | null => provider.db();
export const isPending = (collection: CollectionName, doc: { id: string }): boolean =>
	provider.isPending(collection, doc);
