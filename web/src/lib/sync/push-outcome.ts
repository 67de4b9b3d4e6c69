import { sameDoc } from '@rounds/shared/sync/canonical';
import { mergeConflict } from '@rounds/shared/sync/conflict';

type Doc = { id: string; updatedAt?: string } & Record<string, unknown>;

export interface PushedRow {
	assumedMasterState?: Doc | null;
	newDocumentState: Doc;
}

/**
 * What a push answer means for the "changes waiting to sync" count, per pushed document:
 * - `confirmed`: the server holds this state (or, after a conflict, the final merged state),
 *   so the local write that produced `updatedAt` is settled.
 * - `awaiting`: a conflict whose merge keeps local values; RxDB writes the merge locally and
 *   pushes it next, carrying the server's `updatedAt` (the merge keeps the server's). The local
 *   write stays pending until that push lands.
 * The merge is the same deterministic function RxDB's conflict handler runs, so both agree on
 * whether anything is left to push: when the merge equals the server state nothing is pushed
 * again, and a pending mark left behind would never clear.
 */
export function settlePush(
	rows: readonly PushedRow[],
	conflicts: readonly Doc[]
): {
	confirmed: { id: string; updatedAt: string }[];
	awaiting: { id: string; pushed: string; next: string }[];
} {
	const byId = new Map(conflicts.map((c) => [c.id, c]));
	const confirmed: { id: string; updatedAt: string }[] = [];
	const awaiting: { id: string; pushed: string; next: string }[] = [];
	for (const row of rows) {
		const local = row.newDocumentState;
		const pushed = local.updatedAt ?? '';
		const master = byId.get(local.id);
		if (!master) {
			confirmed.push({ id: local.id, updatedAt: pushed });
			continue;
		}
		const { merged } = mergeConflict(row.assumedMasterState ?? null, local, master);
		if (sameDoc(merged, master)) confirmed.push({ id: local.id, updatedAt: pushed });
		else awaiting.push({ id: local.id, pushed, next: master.updatedAt ?? '' });
	}
	return { confirmed, awaiting };
}
