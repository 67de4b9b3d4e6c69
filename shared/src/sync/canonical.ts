/** JSON with object keys sorted, so two equal documents compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(sortKeys);
	if (v && typeof v === 'object') {
		const out: Record<string, unknown> = {};
		for (const k of Object.keys(v).sort()) {
			const x = (v as Record<string, unknown>)[k];
			if (x !== undefined) out[k] = sortKeys(x);
		}
		return out;
	}
	return v;
}

/** Deep equality of two JSON documents, ignoring key order. */
export function sameDoc(a: unknown, b: unknown): boolean {
	return canonicalJson(a) === canonicalJson(b);
}
