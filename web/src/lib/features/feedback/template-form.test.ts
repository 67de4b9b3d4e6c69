import { describe, expect, it } from 'vitest';
import { templateDoc } from './template-form.ts';

const now = '2026-11-23T10:00:00.000Z';
describe('feedback template form', () => {
	it('names what is missing', () => {
		const r = templateDoc({ name: ' ', kind: 'feedback', body: '' }, null, now, () => 'x');
		expect(r.ok ? {} : r.errors).toEqual({
			name: 'Give the template a name',
			body: 'Write the template text'
		});
	});
	it('creates a valid settings document and keeps identity when editing', () => {
		const created = templateDoc(
			{ name: 'Kind words', kind: 'recognition', body: 'Thank you!' },
			null,
			now,
			() => 'tpl-1'
		);
		expect(created.ok && created.doc).toMatchObject({
			id: 'tpl-1',
			kind: 'feedback-template',
			active: true,
			data: { kind: 'recognition', body: 'Thank you!' }
		});
		if (!created.ok) return;
		const edited = templateDoc(
			{ name: 'Kind words', kind: 'recognition', body: 'Thanks again' },
			created.doc,
			'2026-11-24T10:00:00.000Z',
			() => 'other'
		);
		expect(edited.ok && edited.doc.id).toBe('tpl-1');
		expect(edited.ok && edited.doc.createdAt).toBe(now);
	});
	it('refuses over-long text', () => {
		const r = templateDoc(
			{ name: 'Long', kind: 'feedback', body: 'x'.repeat(4001) },
			null,
			now,
			() => 'x'
		);
		expect(r.ok).toBe(false);
	});
});
