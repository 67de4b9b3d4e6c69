import { describe, expect, it } from 'vitest';
import { settingsSchema } from '@rounds/shared/org/settings.schema';
import { siteDoc, withViewerUrl } from './site-form.ts';

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

describe('viewer link', () => {
	const program = settingsSchema.parse({
		id: 'program',
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-01-01T00:00:00.000Z',
		kind: 'program',
		name: 'Program',
		active: true,
		data: { name: 'Program', viewerUrlTemplate: '', offlineHours: 12 }
	});
	const NOW = '2026-03-01T00:00:00.000Z';

	it('accepts an http(s) address with the accession placeholder, or nothing', () => {
		const r = withViewerUrl(program, ' https://pacs.example/view?acc={accession} ', NOW);
		expect(r.ok && r.doc.data.viewerUrlTemplate).toBe('https://pacs.example/view?acc={accession}');
		expect(withViewerUrl(program, '', NOW).ok).toBe(true);
	});

	it('refuses a link without the placeholder or of another scheme', () => {
		expect(withViewerUrl(program, 'https://pacs.example/view', NOW)).toMatchObject({ ok: false });
		const js = withViewerUrl(program, 'javascript:alert({accession})', NOW);
		expect(js).toEqual({
			ok: false,
			error: 'Use an http(s) address containing {accession}, or leave it empty'
		});
	});
});
