import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { Role } from '@rounds/shared/identity/identity.schema';
import type { ReportTable } from '#lib/pdf/annual-report.ts';
import {
	annualUrl,
	canExportOppe,
	oppeCsv,
	reportSource,
	reportYears,
	tableCsv,
	tableFileName
} from './report-view.ts';

const who = (...roles: Role[]) => ({ roles });

describe('annual report screen', () => {
	it('computes on the director’s device, asks the server for support and leadership', () => {
		expect(reportSource(who('peer_learning_director', 'radiologist'))).toBe('local');
		expect(reportSource(who('peer_learning_director', 'leadership_viewer'))).toBe('local');
		expect(reportSource(who('admin_support'))).toBe('server');
		expect(reportSource(who('leadership_viewer'))).toBe('server');
		for (const r of ['radiologist', 'section_chief', 'system_admin', 'technologist'] as Role[])
			expect(reportSource(who(r))).toBe('none');
		expect(reportSource(null)).toBe('none');
	});

	it('offers the OPPE export to the director only', () => {
		expect(canExportOppe(who('peer_learning_director'))).toBe(true);
		expect(canExportOppe(who('admin_support'))).toBe(false);
		expect(canExportOppe(who('leadership_viewer'))).toBe(false);
	});

	it('offers this year and the four before it', () => {
		expect(reportYears(new Date(2026, 10, 23))).toEqual([2026, 2025, 2024, 2023, 2022]);
	});

	it('sends the device’s time zone to the server', () => {
		expect(annualUrl(2026, 'America/Toronto')).toBe(
			'/api/reports/annual?year=2026&tz=America%2FToronto'
		);
	});

	it('writes a table as CSV with its total row, escaping formulae', () => {
		const table: ReportTable = {
			id: 'qi',
			title: 'QI',
			columns: ['Initiative', 'Cases'],
			numeric: [false, true],
			rows: [
				['=HYPERLINK("x")', 3],
				['Follow-up wording, adrenal', 2]
			],
			total: ['Total', 5]
		};
		const csv = tableCsv(table);
		const parsed = Papa.parse<string[]>(csv).data;
		expect(parsed).toEqual([
			['Initiative', 'Cases'],
			[`'=HYPERLINK("x")`, '3'],
			['Follow-up wording, adrenal', '2'],
			['Total', '5']
		]);
		expect(tableFileName(2026, table)).toBe('annual-report-2026-qi.csv');
	});

	it('writes the OPPE rows with participation columns only', () => {
		const csv = oppeCsv([
			{
				personId: 'u-1',
				name: 'Dr Léa Tremblay',
				email: 'lea@example.test',
				month: '2026-01',
				submissions: 2,
				conferencesAttended: 1
			}
		]);
		expect(csv.split('\r\n')).toEqual([
			'radiologist,email,month,submissions,conferences_attended',
			'Dr Léa Tremblay,lea@example.test,2026-01,2,1'
		]);
	});
});
