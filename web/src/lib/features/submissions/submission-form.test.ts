import { describe, expect, it } from 'vitest';
import { personFactory, submissionFactory } from '@rounds/shared/testing/factories';
import {
	accessionState,
	formFromSubmission,
	initialForm,
	nextForm,
	readerCandidates,
	submissionContext,
	toSubmission,
	validateForSubmit,
	type SubmissionForm
} from './submission-form.ts';
import type { SectionOption, SiteOption } from './org-settings.ts';
import en from '../i18n/en.json' with { type: 'json' };
import fr from '../i18n/fr.json' with { type: 'json' };
import { lookup } from '../i18n/translate.ts';

const sites: SiteOption[] = [
	{
		id: 'site-lg',
		name: 'Lakeshore',
		accessionPattern: 'LG\\d{8}',
		accessionExample: 'LG20260001'
	},
	{ id: 'site-nb', name: 'North Bay', accessionPattern: 'NB-\\d{6}', accessionExample: 'NB-123456' }
];
const sections: SectionOption[] = [
	{ id: 'sec-chest', name: 'Chest', code: 'CH', modalities: ['CT'] },
	{ id: 'sec-neuro', name: 'Neuro', code: 'NE', modalities: ['MR'] }
];
const me = personFactory({
	id: 'me',
	siteIds: ['site-nb'],
	sectionIds: ['sec-neuro'],
	modalities: ['MR']
});
const reader = personFactory({ id: 'reader', name: 'Hélène Tremblay' });
const tech = personFactory({ id: 'tech', name: 'Tech Person', roles: ['technologist'] });
const ctx = submissionContext(sites, [me, reader, tech]);
const meta = { id: 'sub-1', submitterId: 'me', now: '2026-03-02T10:00:00.000Z' };

function filled(over: Partial<SubmissionForm> = {}): SubmissionForm {
	return {
		...initialForm(me, null, sites, sections),
		accession: 'NB-123456',
		modality: 'MR',
		reason: 'great-call',
		description: 'Subtle finding called early.',
		teachingPoint: 'Look at the vertex.',
		...over
	};
}

describe('initial form', () => {
	it('pre-fills site, section, source and modality from the last submission', () => {
		const f = initialForm(
			me,
			{ siteId: 'site-lg', sectionId: 'sec-chest', source: 'trainee-call', modality: 'CT' },
			sites,
			sections
		);
		expect(f).toMatchObject({
			siteId: 'site-lg',
			sectionId: 'sec-chest',
			source: 'trainee-call',
			modality: 'CT',
			reason: ''
		});
	});

	it('falls back to the directory entry, and skips ids that no longer exist', () => {
		const f = initialForm(
			me,
			{ siteId: 'site-gone', sectionId: 'sec-gone', source: 'other', modality: '' },
			sites,
			sections
		);
		expect(f.siteId).toBe('site-nb');
		expect(f.sectionId).toBe('sec-neuro');
		expect(f.modality).toBe('MR');
	});

	it('leaves modality unchosen when the person reads several', () => {
		const f = initialForm({ ...me, modalities: ['CT', 'MR'] }, null, sites, sections);
		expect(f.modality).toBe('');
		expect(f.source).toBe('prior-comparison');
	});

	it('"Submit another" keeps site, section, source and clears the case', () => {
		const n = nextForm(filled({ source: 'event-report', originalReaderId: 'reader' }));
		expect(n).toMatchObject({ siteId: 'site-nb', sectionId: 'sec-neuro', source: 'event-report' });
		expect(n.accession).toBe('');
		expect(n.description).toBe('');
		expect(n.reason).toBe('');
		expect(n.originalReaderId).toBe('');
	});
});

describe('form to document', () => {
	it('needs a modality and a reason before a document exists', () => {
		expect(toSubmission(filled({ reason: '' }), 'draft', meta)).toBeNull();
		expect(toSubmission(filled({ modality: '' }), 'draft', meta)).toBeNull();
	});

	it('drops answers that no longer apply', () => {
		const doc = toSubmission(
			filled({
				reason: 'interesting-case',
				discrepancyType: 'perception',
				mayAffectCare: true,
				careAction: 'addendum',
				attested: true
			}),
			'submitted',
			meta
		);
		expect(doc).toMatchObject({
			discrepancyType: null,
			mayAffectCare: false,
			careAction: null,
			attested: false,
			submittedAt: meta.now,
			status: 'submitted'
		});
	});

	it('keeps the care answers for a discrepancy that may affect care', () => {
		const doc = toSubmission(
			filled({
				reason: 'discrepancy',
				discrepancyType: 'interpretation',
				mayAffectCare: true,
				careAction: 'contact-referrer',
				attested: true,
				originalReaderId: 'reader',
				followUpOn: '2026-04-01'
			}),
			'draft',
			meta
		);
		expect(doc).toMatchObject({
			status: 'draft',
			submittedAt: null,
			discrepancyType: 'interpretation',
			mayAffectCare: true,
			careAction: 'contact-referrer',
			attested: true,
			originalReaderId: 'reader',
			followUpOn: '2026-04-01'
		});
	});

	it('round-trips a stored draft through the form', () => {
		const s = submissionFactory({ status: 'draft', submittedAt: null, originalReaderId: 'reader' });
		const back = toSubmission(formFromSubmission(s), 'draft', {
			id: s.id,
			submitterId: s.submitterId,
			now: s.updatedAt,
			createdAt: s.createdAt
		});
		expect(back).toEqual(s);
	});
});

describe('validation for submit', () => {
	it('accepts a complete great call', () => {
		const r = validateForSubmit(filled(), meta, ctx);
		expect(r.errors).toEqual([]);
		expect(r.doc?.status).toBe('submitted');
	});

	it('reports every problem once, in screen order, with i18n keys', () => {
		const r = validateForSubmit(
			filled({
				accession: 'LG20260001',
				modality: '',
				reason: '',
				description: ''
			}),
			meta,
			ctx
		);
		expect(r.doc).toBeNull();
		expect(r.errors.map((e) => [e.field, e.key])).toEqual([
			['accession', 'accessionFormat'],
			['modality', 'modality'],
			['reason', 'reason'],
			['description', 'description']
		]);
	});

	it('asks for the accession when it is missing', () => {
		const r = validateForSubmit(filled({ accession: '  ' }), meta, ctx);
		expect(r.errors.map((e) => e.key)).toEqual(['accessionRequired']);
	});

	it('has a message for every error it can report, in both languages', () => {
		const keys = new Set<string>();
		const cases: Partial<SubmissionForm>[] = [
			{ accession: '', modality: '', reason: '', description: '' },
			{ accession: 'LG20260001', siteId: 'nowhere' },
			{ reason: 'discrepancy', mayAffectCare: true, originalReaderId: 'tech' },
			{ originalReaderId: 'me', teachingPoint: 'x'.repeat(1001) }
		];
		for (const c of cases)
			for (const e of validateForSubmit(filled(c), meta, ctx).errors) keys.add(e.key);
		expect(keys.size).toBeGreaterThanOrEqual(10);
		for (const k of keys) {
			expect(lookup(en, `submit.errors.${k}`), k).not.toBe(`submit.errors.${k}`);
			expect(lookup(fr, `submit.errors.${k}`), k).not.toBe(`submit.errors.${k}`);
		}
	});

	it('rejects an accession in another site’s format', () => {
		const r = validateForSubmit(filled({ accession: 'LG20260001' }), meta, ctx);
		expect(r.errors).toEqual([
			{
				field: 'accession',
				key: 'accessionFormat',
				fallback: 'Accession number does not match this site’s format'
			}
		]);
	});

	it('requires the action and the attestation when care may be affected', () => {
		const r = validateForSubmit(
			filled({ reason: 'discrepancy', discrepancyType: 'perception', mayAffectCare: true }),
			meta,
			ctx
		);
		expect(r.errors.map((e) => e.key)).toEqual(['careAction', 'attested']);
	});

	it('requires the kind of discrepancy and a description', () => {
		const r = validateForSubmit(filled({ reason: 'discrepancy', description: '   ' }), meta, ctx);
		expect(r.errors.map((e) => e.field)).toEqual(['discrepancyType', 'description']);
	});

	it('refuses a reader who is not a radiologist, and oneself', () => {
		expect(
			validateForSubmit(filled({ originalReaderId: 'tech' }), meta, ctx).errors.map((e) => e.key)
		).toEqual(['readerNotRadiologist']);
		expect(
			validateForSubmit(filled({ originalReaderId: 'me' }), meta, ctx).errors.map((e) => e.key)
		).toEqual(['readerSelf']);
	});

	it('flags over-long text from the shared schema', () => {
		const r = validateForSubmit(filled({ teachingPoint: 'x'.repeat(1001) }), meta, ctx);
		expect(r.errors).toMatchObject([{ field: 'teachingPoint', key: 'tooLong' }]);
	});
});

describe('helpers', () => {
	it('checks the accession live against the chosen site', () => {
		expect(accessionState('', sites[0])).toBe('empty');
		expect(accessionState(' LG20260001 ', sites[0])).toBe('ok');
		expect(accessionState('LG2026', sites[0])).toBe('mismatch');
		// Anchored: a valid accession inside a longer string does not pass.
		expect(accessionState('XLG20260001', sites[0])).toBe('mismatch');
		expect(accessionState('LG20260001', undefined)).toBe('unknown-site');
	});

	it('offers active radiologists other than oneself, accent-insensitive', () => {
		const inactive = personFactory({ id: 'old', name: 'Helen Old', active: false });
		const people = [me, reader, tech, inactive];
		expect(readerCandidates(people, 'me', 'helene').map((p) => p.id)).toEqual(['reader']);
		expect(readerCandidates(people, 'me', '').map((p) => p.id)).toEqual(['reader']);
		expect(readerCandidates(people, 'reader', '').map((p) => p.id)).toEqual(['me']);
		// Two people with one name are told apart (and found) by their email.
		const twin = personFactory({
			id: 'twin',
			name: 'Hélène Tremblay',
			email: 'h.tremblay2@example.test'
		});
		expect(readerCandidates([...people, twin], 'me', 'tremblay2').map((p) => p.id)).toEqual([
			'twin'
		]);
		expect(readerCandidates([...people, twin], 'me', 'Hélène').map((p) => p.id)).toEqual([
			'twin',
			'reader'
		]);
	});
});
