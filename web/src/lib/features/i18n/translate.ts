/**
 * Looks a dotted key up in a nested message dictionary: the tests' stand-in for svelte-i18n,
 * and the way pure modules receive translated labels.
 */
export function lookup(dict: unknown, key: string): string {
	let node: unknown = dict;
	for (const part of key.split('.')) {
		if (!node || typeof node !== 'object') return key;
		node = (node as Record<string, unknown>)[part];
	}
	return typeof node === 'string' ? node : key;
}
