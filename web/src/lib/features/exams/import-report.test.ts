import { describe, expect, it } from 'vitest';
import { examFactory } from '@rounds/shared/testing/factories';
import { viewerUrl } from '#lib/features/reviews/review-form.ts';
import {
	canCommit,
	defaultRange,
	recentExams,
	reportOf,
	type ImportReport
} from './import-report.ts';

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
	source: 'csv',
	batchId: 'csv-1',
	rows: [
		{
			row: 2,
			accession: 'LG26000001',
			modality: 'CT',
			site: 'Lakeshore General',
			performedAt: '2026-03-01T08:30:00.000Z',
			performer: '',
			reader: '',
			description: '',
			status: 'new'
		}
	],
	issues: [],
	ignoredHeaders: [],
	counts: { rows: 1, new: 1, updated: 0, unchanged: 0, errors: 0 },
	...over
});

describe('import report', () => {
	it('allows a commit only with rows and no problems', () => {
		expect(canCommit(report())).toBe(true);
		expect(canCommit(null)).toBe(false);
		expect(canCommit(report({ rows: [] }))).toBe(false);
		const issue = {
			row: 2,
			column: 'site' as const,
			code: 'unknown-site',
			value: 'x',
			message: 'x'
		};
		expect(canCommit(report({ issues: [issue] }))).toBe(false);
	});
	it('finds the report in a rejected commit and nothing in other errors', () => {
		expect(reportOf(report())).toEqual(report());
		expect(reportOf({ email: 'Required' })).toBeNull();
		expect(reportOf(undefined)).toBeNull();
	});
});

describe('exam list', () => {
	const a = examFactory({ id: 'a', modality: 'CT', performedAt: '2026-03-01T08:00:00.000Z' });
	const b = examFactory({ id: 'b', modality: 'US', performedAt: '2026-03-02T08:00:00.000Z' });
	const c = examFactory({ id: 'c', modality: 'CT', performedAt: '2026-02-01T08:00:00.000Z' });
	it('lists newest first, filtered by modality, up to a limit', () => {
		expect(recentExams([a, b, c], '').map((e) => e.id)).toEqual(['b', 'a', 'c']);
		expect(recentExams([a, b, c], 'CT').map((e) => e.id)).toEqual(['a', 'c']);
		expect(recentExams([a, b, c], '', 1).map((e) => e.id)).toEqual(['b']);
	});
	it('opens each exam in the viewer from the program template', () => {
		expect(viewerUrl('https://pacs.example.invalid/viewer?accession={accession}', 'LG 26/1')).toBe(
			'https://pacs.example.invalid/viewer?accession=LG%2026%2F1'
		);
		expect(viewerUrl('', 'LG1')).toBeNull();
	});
	it('defaults the DICOMweb range to yesterday and today', () => {
		expect(defaultRange(new Date(2026, 2, 1, 10))).toEqual({
			from: '2026-02-28',
			to: '2026-03-01'
		});
	});
});
