import { describe, expect, it } from 'vitest';
import { siteDoc } from './site-form.ts';

const now = '2026-11-23T10:00:00.000Z';
const base = {
	name: 'North Clinic',
	hospital: '',
	satellite: true,
	accessionPattern: 'NC\\d{6}',
	accessionExample: 'NC123456'
};
describe('site form', () => {
	it('builds a site whose example matches its pattern', () => {
		const r = siteDoc(base, null, now, () => 'site-nc');
		expect(r.ok && r.doc).toMatchObject({
			id: 'site-nc',
			kind: 'site',
			data: { hospital: 'North Clinic', accessionPattern: 'NC\\d{6}' }
		});
	});
	it('refuses an invalid pattern and an example that does not match', () => {
		const bad = siteDoc({ ...base, accessionPattern: 'NC(' }, null, now, () => 'x');
		expect(!bad.ok && bad.errors.accessionPattern).toBe('Not a valid pattern');
		const mismatch = siteDoc({ ...base, accessionExample: 'XX1' }, null, now, () => 'x');
		expect(!mismatch.ok && mismatch.errors.accessionExample).toMatch(/does not match/);
	});
});
