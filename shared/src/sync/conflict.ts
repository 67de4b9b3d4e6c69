import { canonicalJson } from './canonical.ts';

type Doc = Record<string, unknown> & { id: string };

export interface Resolution<D extends Doc> {
	/** The state both sides converge on. */
	merged: D;
	/** Local values that could not be kept because the server changed the same field. */
	lost: { field: string; local: unknown; server: unknown }[];
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * Deterministic three-way merge used when a push meets a newer server state.
 *
 * - A field only this device changed (local ≠ base, server = base) keeps the local value.
 * - A field only the server changed keeps the server value.
 * - A field both changed keeps the server value: the first change to reach the server wins, so
 *   every device ends on the same state whatever order they sync in. The local value is
 *   returned in `lost` so the app can show it to the user: nothing is silently dropped.
 * - Nested objects merge field by field by the same rules (`triage.notes` vs `triage.findingType`).
 * - A deletion on either side wins over edits (a tombstone is final), reported as lost edits.
 * `updatedAt` follows whichever side's value is kept last; it is informational only.
 */
export function mergeConflict<D extends Doc>(
	base: D | null | undefined,
	local: D,
	server: D
): Resolution<D> {
	const lost: Resolution<D>['lost'] = [];
	if (!base) {
		// Both created the same id: nothing to merge against, the server's copy stands.
		for (const k of Object.keys(local))
			if (k !== 'updatedAt' && !same(local[k], server[k]))
				lost.push({ field: k, local: local[k], server: server[k] });
		return { merged: server, lost };
	}
	if (server._deleted === true || local._deleted === true) {
		const merged = (server._deleted === true ? server : { ...server, _deleted: true }) as D;
		for (const k of Object.keys(local))
			if (
				k !== 'updatedAt' &&
				k !== '_deleted' &&
				!same(local[k], base[k]) &&
				!same(local[k], server[k])
			)
				lost.push({ field: k, local: local[k], server: server[k] });
		return { merged, lost };
	}
	const merged = mergeObject(base, local, server, '', lost);
	return { merged: merged as D, lost };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	!!v && typeof v === 'object' && !Array.isArray(v);

/** Field by field; nested objects (e.g. a submission's `triage`) merge field by field too. */
function mergeObject(
	base: Record<string, unknown>,
	local: Record<string, unknown>,
	server: Record<string, unknown>,
	path: string,
	lost: { field: string; local: unknown; server: unknown }[]
): Record<string, unknown> {
	const merged: Record<string, unknown> = { ...server };
	const keys = new Set([...Object.keys(base), ...Object.keys(local), ...Object.keys(server)]);
	for (const k of keys) {
		if (path === '' && (k === 'updatedAt' || k === 'id')) continue;
		const field = path ? `${path}.${k}` : k;
		const localChanged = !same(local[k], base[k]);
		const serverChanged = !same(server[k], base[k]);
		if (localChanged && !serverChanged) merged[k] = local[k];
		else if (localChanged && serverChanged && !same(local[k], server[k])) {
			if (isPlainObject(base[k]) && isPlainObject(local[k]) && isPlainObject(server[k]))
				merged[k] = mergeObject(base[k], local[k], server[k], field, lost);
			else lost.push({ field, local: local[k], server: server[k] });
		}
	}
	return merged;
}
