import type { CollectionName } from '@rounds/shared/sync/registry';
import type { RejectedDoc } from './pull-check.ts';

/** What kept records of one collection from reaching this device. */
export interface CollectionProblems {
	/** id → the schema's complaints, for pulled documents skipped on this device. */
	skipped: Record<string, string[]>;
	/** The local storage refused a pulled document: RxDB stays before it on every pull. */
	blocked?: { id: string; message: string };
}
export type SyncProblems = Partial<Record<CollectionName, CollectionProblems>>;

/** Enough to find the records on the server; a flood of them says the same thing. */
const MAX_SKIPPED = 100;

/**
 * Records a pulled batch: refused documents are noted, and a document noted before that now
 * arrives valid (fixed on the server) is cleared. Returns `problems` itself when nothing changed,
 * so the caller can skip saving on the (usual) clean pull.
 */
export function notePulled(
	problems: SyncProblems,
	name: CollectionName,
	acceptedIds: readonly string[],
	rejected: readonly RejectedDoc[]
): SyncProblems {
	const before = problems[name];
	if (!rejected.length && !before) return problems;
	const skipped = { ...before?.skipped };
	let changed = false;
	if (before)
		for (const id of acceptedIds)
			if (id in skipped) {
				delete skipped[id];
				changed = true;
			}
	for (const r of rejected) {
		if (!(r.id in skipped) && Object.keys(skipped).length >= MAX_SKIPPED) continue;
		skipped[r.id] = r.issues;
		changed = true;
	}
	if (!changed) return problems;
	const next = { ...problems };
	if (Object.keys(skipped).length || before?.blocked) next[name] = { ...before, skipped };
	else delete next[name];
	return next;
}

/** Records that the local storage refused a pulled document of `name`. */
export function noteBlocked(
	problems: SyncProblems,
	name: CollectionName,
	refusal: { id: string; message: string }
): SyncProblems {
	const before = problems[name];
	if (before?.blocked?.id === refusal.id && before.blocked.message === refusal.message)
		return problems;
	return { ...problems, [name]: { skipped: before?.skipped ?? {}, blocked: refusal } };
}

/** How many documents (or stopped collections) the device is missing. */
export function problemCount(problems: SyncProblems): number {
	let n = 0;
	for (const p of Object.values(problems))
		n +=
			Object.keys(p?.skipped ?? {}).length + (p?.blocked && !(p.blocked.id in p.skipped) ? 1 : 0);
	return n;
}
