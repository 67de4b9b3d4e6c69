import { describe, expect, it } from 'vitest';
import { examFactory } from '@rounds/shared/testing/factories';
import {
	dicomCodesOf,
	examDocFor,
	examIdFor,
	modalityOf,
	normalizeName,
	parsePerformedAt,
	validateRows,
	type ImportDirectory,
	type SourceRow
} from './exam-import.ts';
import { personNameOf } from './dicomweb.ts';

const dir: ImportDirectory = {
	sites: [
		{ id: 'site-lg', name: 'Lakeshore General', active: true, accessionPattern: 'LG\\d{8}' },
		{ id: 'site-old', name: 'Old Annex', active: false, accessionPattern: '.*' }
	],
	people: [
		{ id: 'p-tech', name: 'Ana Ruiz', email: 'ana@example.test', roles: ['technologist'] },
		{ id: 'p-sono', name: 'Léa Roy', email: 'lea@example.test', roles: ['sonographer'] },
		{ id: 'p-rad', name: 'Dr Omar Haddad', email: 'omar@example.test', roles: ['radiologist'] },
		{ id: 'p-sam1', name: 'Sam Lee', email: 'sam1@example.test', roles: ['technologist'] },
		{ id: 'p-sam2', name: 'Sam Lee', email: 'sam2@example.test', roles: ['technologist'] }
	]
};
const now = new Date('2026-03-02T09:00:00Z');
const opts = { now, allowedModalities: null };
const good = {
	accession: 'LG26000001',
	modality: 'CT',
	performedAt: '2026-03-01T08:30:00Z',
	site: 'Lakeshore General',
	performer: 'ana@example.test',
	reader: 'Omar Haddad',
	description: 'CT chest'
};
const row = (over: Partial<typeof good> = {}, n = 2): SourceRow => ({
	row: n,
	values: { ...good, ...over }
});
const issuesOf = (over: Partial<typeof good>) =>
	validateRows([row(over)], dir, opts).issues.map((i) => [i.column, i.code]);

describe('parsePerformedAt', () => {
	it('reads ISO 8601 with an offset and the local YYYY-MM-DD HH:MM form', () => {
		expect(parsePerformedAt('2026-03-01T08:30:00Z')).toBe('2026-03-01T08:30:00.000Z');
		expect(parsePerformedAt('2026-03-01T08:30+01:00')).toBe('2026-03-01T07:30:00.000Z');
		expect(parsePerformedAt('2026-03-01 08:30:15-0500')).toBe('2026-03-01T13:30:15.000Z');
		expect(parsePerformedAt('2026-03-01 08:30')).toBe(new Date(2026, 2, 1, 8, 30).toISOString());
	});
	it('refuses impossible dates and other formats', () => {
		for (const bad of [
			'2026-02-30 08:30',
			'2026-13-01 08:30',
			'2026-03-01 24:00',
			'01/03/2026 08:30',
			'2026-03-01',
			'yesterday'
		])
			expect(parsePerformedAt(bad), bad).toBeUndefined();
		expect(parsePerformedAt('2028-02-29 10:00')).toBeDefined();
	});
});

describe('names and modalities', () => {
	it('compares names without case, spacing, dots or a title', () => {
		expect(normalizeName('  Dr.  Omar   HADDAD ')).toBe(normalizeName('Omar Haddad'));
		expect(normalizeName('Léa Roy')).toBe(normalizeName('Le\u0301a roy'));
	});
	it('turns DICOM person names into given-first names', () => {
		expect(personNameOf('Haddad^Omar^^Dr')).toBe('Dr Omar Haddad');
		expect(personNameOf('Ruiz^Ana')).toBe('Ana Ruiz');
		expect(personNameOf('Ana Ruiz')).toBe('Ana Ruiz');
	});
	it('maps DICOM radiography codes to XR and nothing else silently', () => {
		expect(modalityOf('dx')).toBe('XR');
		expect(modalityOf('mr')).toBe('MR');
		expect(modalityOf('PT')).toBeUndefined();
		expect(dicomCodesOf('XR').sort()).toEqual(['CR', 'DX']);
		expect(dicomCodesOf('US')).toEqual(['US']);
	});
});

describe('validateRows', () => {
	it('resolves a good row to ids', () => {
		const v = validateRows([row()], dir, opts);
		expect(v.issues).toEqual([]);
		expect(v.resolved).toEqual([
			{
				row: 2,
				accession: 'LG26000001',
				modality: 'CT',
				siteId: 'site-lg',
				performedAt: '2026-03-01T08:30:00.000Z',
				performerId: 'p-tech',
				readerId: 'p-rad',
				description: 'CT chest'
			}
		]);
	});
	it('accepts a site id, names by email or name, and empty people', () => {
		const v = validateRows([row({ site: 'site-lg', performer: 'LÉA ROY', reader: '' })], dir, opts);
		expect(v.issues).toEqual([]);
		expect(v.resolved[0]).toMatchObject({ performerId: 'p-sono', readerId: null });
	});
	it('reports each problem with its column, never guessing', () => {
		expect(issuesOf({ modality: 'PET' })).toEqual([['modality', 'unknown-modality']]);
		expect(issuesOf({ performedAt: '2026-02-30 10:00' })).toEqual([['performedAt', 'bad-date']]);
		expect(issuesOf({ performedAt: '2026-03-05 10:00' })).toEqual([['performedAt', 'future-date']]);
		expect(issuesOf({ site: 'Lakeshore' })).toEqual([['site', 'unknown-site']]);
		expect(issuesOf({ site: 'Old Annex' })).toEqual([['site', 'unknown-site']]);
		expect(issuesOf({ accession: 'RM26000001' })).toEqual([['accession', 'accession-pattern']]);
		expect(issuesOf({ performer: 'Ana Ruis' })).toEqual([['performer', 'unknown-person']]);
		expect(issuesOf({ performer: 'Sam Lee' })).toEqual([['performer', 'ambiguous-person']]);
		expect(issuesOf({ performer: 'sam2@example.test' })).toEqual([]);
		expect(issuesOf({ performer: 'Omar Haddad' })).toEqual([['performer', 'wrong-role']]);
		expect(issuesOf({ reader: 'Ana Ruiz' })).toEqual([['reader', 'wrong-role']]);
		expect(issuesOf({ accession: '', modality: '' })).toEqual([
			['accession', 'required'],
			['modality', 'required']
		]);
		expect(issuesOf({ description: 'x'.repeat(201) })).toEqual([['description', 'too-long']]);
	});
	it('reports a duplicate accession with the row it first appeared on', () => {
		const v = validateRows([row({}, 2), row({}, 3)], dir, opts);
		expect(v.issues).toMatchObject([
			{ row: 3, column: 'accession', code: 'duplicate-accession', message: /row 2/ }
		]);
		expect(v.resolved.map((r) => r.row)).toEqual([2]);
		expect(v.preview.map((p) => p.status)).toEqual(['new', 'error']);
	});
	it('limits quality leads to their own modalities', () => {
		const v = validateRows([row({ modality: 'US' }), row({ accession: 'LG26000002' }, 3)], dir, {
			now,
			allowedModalities: ['US']
		});
		expect(v.issues.map((i) => [i.row, i.code])).toEqual([[3, 'modality-not-allowed']]);
	});
});

describe('examDocFor', () => {
	const r = validateRows([row()], dir, opts).resolved[0]!;
	it('gives a new exam a deterministic id from site and accession', () => {
		const a = examDocFor(r, undefined, 'b1', now);
		expect(a.status).toBe('new');
		expect(a.doc.id).toBe(examIdFor('site-lg', 'LG26000001'));
		expect(examIdFor('site-lg', 'LG26000001')).not.toBe(examIdFor('site-rm', 'LG26000001'));
	});
	it('leaves an identical stored exam as it is, and updates a changed one in place', () => {
		const stored = examFactory({
			id: 'exam-seeded',
			accession: r.accession,
			modality: 'CT',
			siteId: 'site-lg',
			performedAt: '2026-03-01T08:30:00Z',
			performerId: 'p-tech',
			readerId: 'p-rad',
			description: 'CT chest',
			importBatchId: 'older'
		});
		expect(examDocFor(r, stored, 'b2', now)).toEqual({ doc: stored, status: 'unchanged' });
		const changed = examDocFor({ ...r, description: 'CT chest with contrast' }, stored, 'b2', now);
		expect(changed.status).toBe('updated');
		expect(changed.doc).toMatchObject({
			id: 'exam-seeded',
			createdAt: stored.createdAt,
			updatedAt: now.toISOString(),
			importBatchId: 'b2'
		});
	});
});
