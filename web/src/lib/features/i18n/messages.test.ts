import { describe, expect, it } from 'vitest';
import { getMessageFormatter, init } from 'svelte-i18n';
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };
import { areaMessages } from './namespaces.ts';

function leaves(node: unknown, prefix = ''): Map<string, string> {
	const out = new Map<string, string>();
	if (typeof node === 'string') out.set(prefix, node);
	else if (node && typeof node === 'object')
		for (const [k, v] of Object.entries(node))
			for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
	return out;
}
interface AstNode {
	type: number;
	value?: unknown;
	options?: Record<string, { value: AstNode[] }>;
}
/** Argument names of an ICU message (plural branches included), from its parsed form. */
function argumentsOf(nodes: AstNode[], out = new Set<string>()): Set<string> {
	for (const n of nodes) {
		// 0 is literal text and 7 the plural's "#": neither names an argument.
		if (n.type !== 0 && n.type !== 7 && typeof n.value === 'string') out.add(n.value);
		for (const o of Object.values(n.options ?? {})) argumentsOf(o.value, out);
	}
	return out;
}
const placeholders = (text: string, locale: string) =>
	[...argumentsOf(getMessageFormatter(text, locale).getAst() as AstNode[])].sort().join(',');

describe('feature messages', () => {
	const areas = areaMessages();
	const enLeaves = leaves({ ...en, ...areas.en });
	const frLeaves = leaves({ ...fr, ...areas.fr });

	it('keeps each area in its own namespace', () => {
		for (const area of Object.keys(areas.en)) expect(Object.keys(en)).not.toContain(area);
		expect(Object.keys(areas.fr).sort()).toEqual(Object.keys(areas.en).sort());
	});

	it('has every English key in French and nothing extra', () => {
		expect([...frLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort());
	});

	it('uses the same placeholders in both languages', () => {
		init({ fallbackLocale: 'en', initialLocale: 'en' });
		for (const [key, text] of enLeaves)
			expect(placeholders(frLeaves.get(key) ?? '', 'fr'), key).toBe(placeholders(text, 'en'));
	});

	it('parses as ICU messages (svelte-i18n formats them so)', () => {
		init({ fallbackLocale: 'en', initialLocale: 'en' });
		for (const [locale, all] of [
			['en', enLeaves],
			['fr', frLeaves]
		] as const)
			for (const [key, text] of all)
				expect(() => getMessageFormatter(text, locale), `${locale}:${key}`).not.toThrow();
	});
});
