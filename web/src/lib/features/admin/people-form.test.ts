import { describe, expect, it } from 'vitest';
import { emptyPersonDraft, validatePersonDraft } from './people-form.ts';

describe('add-person form', () => {
	it('names every missing field', () => {
		const r = validatePersonDraft(emptyPersonDraft());
		expect(r.ok).toBe(false);
		if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['email', 'name', 'password', 'roles']);
	});
	it('accepts a complete person and normalises the email', () => {
		const r = validatePersonDraft({
			name: 'Dr Test',
			email: 'Dr.Test@Example.org',
			roles: ['radiologist'],
			fte: '0.8',
			password: 'long-enough-pass'
		});
		expect(r.ok && r.value.email).toBe('dr.test@example.org');
	});
	it('refuses an FTE above 1', () => {
		const r = validatePersonDraft({ ...emptyPersonDraft(), fte: '1.5' });
		expect(!r.ok && r.errors.fte).toBeTruthy();
	});
});
