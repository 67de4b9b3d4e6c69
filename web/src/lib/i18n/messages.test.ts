import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getMessageFormatter, init } from 'svelte-i18n';
import { ROLES } from '@rounds/shared/identity/identity.schema';
import { collectionNames } from '@rounds/shared/sync/registry';
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };

function leaves(node: unknown, prefix = ''): Map<string, string> {
	const out = new Map<string, string>();
	if (typeof node === 'string') out.set(prefix, node);
	else if (node && typeof node === 'object')
		for (const [k, v] of Object.entries(node))
			for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
	return out;
}

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = join(dir, e.name);
		if (e.isDirectory()) return sources(p);
		return /\.(svelte|ts)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
	});
}

interface AstNode {
	type: number;
	value?: unknown;
	options?: Record<string, { value: AstNode[] }>;
}
/** Argument names of an ICU message, plural branches included. */
function argumentsOf(text: string, locale: string): string {
	const out = new Set<string>();
	const walk = (nodes: AstNode[]) => {
		for (const n of nodes) {
			// 0 is literal text and 7 the plural's "#": neither names an argument.
			if (n.type !== 0 && n.type !== 7 && typeof n.value === 'string') out.add(n.value);
			for (const o of Object.values(n.options ?? {})) walk(o.value);
		}
	};
	walk(getMessageFormatter(text, locale).getAst() as AstNode[]);
	return [...out].sort().join();
}

const enLeaves = leaves(en);
const frLeaves = leaves(fr);
const shellNamespaces = new Set(Object.keys(en));

describe('shell messages', () => {
	it('has every English key in French and nothing extra', () => {
		expect([...frLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort());
	});

	it('parses as ICU messages with the same arguments in both languages', () => {
		init({ fallbackLocale: 'en', initialLocale: 'en' });
		for (const [key, text] of enLeaves)
			expect(argumentsOf(frLeaves.get(key) ?? '', 'fr'), key).toBe(argumentsOf(text, 'en'));
	});

	it('defines every key the app asks for', () => {
		const src = join(import.meta.dirname, '..', '..');
		const used = new Set<string>();
		for (const file of sources(src))
			for (const m of readFileSync(file, 'utf8').matchAll(/(?:\$_|\bt)\('([a-zA-Z.]+)'/g))
				if (shellNamespaces.has(m[1]!.split('.')[0]!)) used.add(m[1]!);
		// Keys built at run time, from the shared registry and the session's problem codes.
		for (const r of ROLES) used.add(`roles.${r}`);
		for (const c of collectionNames) used.add(`sync.collections.${c}`);
		for (const p of ['offline', 'invalid', 'rate-limited', 'server'])
			used.add(`login.problem.${p}`);
		expect(used.size).toBeGreaterThan(40);
		expect([...used].filter((k) => !enLeaves.has(k))).toEqual([]);
	});
});
