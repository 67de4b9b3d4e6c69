import { describe, expect, it } from 'vitest';
import { safeNext } from './next-path.ts';

describe('safeNext', () => {
	it('keeps in-app paths with their query', () => {
		expect(safeNext('/triage/abc?tab=feedback')).toBe('/triage/abc?tab=feedback');
		expect(safeNext('/inbox')).toBe('/inbox');
	});
	it('refuses other origins and the login page itself', () => {
		for (const bad of [
			null,
			'',
			'https://evil.example/x',
			'//evil.example/x',
			'/\\evil.example',
			'javascript:alert(1)',
			'/login',
			'/login?next=/inbox'
		])
			expect(safeNext(bad)).toBe('/');
	});
});
