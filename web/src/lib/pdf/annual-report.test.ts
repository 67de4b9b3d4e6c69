import { describe, expect, it } from 'vitest';
import { getMessageFormatter } from 'svelte-i18n';
import { MODALITIES } from '@rounds/shared/common.schema';
import type { AnnualFigures } from '@rounds/shared/reports/annual';
import type { TargetPolicy } from '@rounds/shared/reports/targets';
import en from '#lib/features/i18n/reports.en.json' with { type: 'json' };
import fr from '#lib/features/i18n/reports.fr.json' with { type: 'json' };
import { lookup } from '#lib/features/i18n/translate.ts';
import {
	annualPdfFileName,
	annualReportDefinition,
	annualTables,
	tableRecords,
	type PdfTable,
	type Translate
} from './annual-report.ts';

const translator =
	(dict: unknown, locale: string): Translate =>
	(key, values) => {
		const text = lookup({ reports: dict }, key);
		return values ? String(getMessageFormatter(text, locale).format(values)) : text;
	};
const t = translator(en, 'en');

const policy: TargetPolicy = {
	year: 2026,
	version: 1,
	editedById: '',
	note: '',
	supersededAt: null,
	attendance: {
		total: { minimum: 6, encouraged: 10 },
		department: { minimum: 2, encouraged: 4 },
		subspecialty: { minimum: 3, encouraged: 4 }
	},
	submissions: { per: 'work-week', count: 1, prorateByFte: true },
	conferences: { total: null, department: 4, perSection: 4, sections: [] },
	iqReviews: { perReviewer: 4, period: 'month' },
	reminders: { midPeriodDay: 3, upcomingConferences: true }
};
const iqRow = { assigned: 0, completed: 0, completion: null, attention: 0, escalationsClosed: 0 };
const figures: AnnualFigures = {
	year: 2026,
	asOf: '2026-12-31',
	complete: true,
	timeZone: 'America/Toronto',
	policy,
	totalSubmissions: 143,
	radiologists: 21,
	attendance: { met: 14, of: 21, rate: 14 / 21 },
	attendanceEncouraged: { met: 3, of: 21, rate: 3 / 21 },
	submissions: { met: 9, of: 21, rate: 9 / 21 },
	divisions: [
		{
			key: 'sec-abdo',
			kind: 'section',
			name: 'Abdominal',
			offered: 11,
			casesPresented: 27,
			target: 4,
			met: true
		},
		{
			key: 'sec-chest',
			kind: 'section',
			name: 'Chest',
			offered: 3,
			casesPresented: 8,
			target: 4,
			met: false
		},
		{
			key: 'department',
			kind: 'department',
			name: '',
			offered: 4,
			casesPresented: 10,
			target: 4,
			met: true
		}
	],
	divisionTotals: { offered: 18, casesPresented: 45, target: 12 },
	qi: [
		{
			title: 'Prior studies from satellite sites available at reading time',
			status: 'completed',
			originKind: 'submission',
			startedOn: '2026-01-20',
			completedOn: '2026-05-01',
			outcome: 'Satellite priors now route to the main PACS within 5 minutes.'
		}
	],
	iq: {
		totals: {
			assigned: 312,
			completed: 287,
			completion: 287 / 312,
			attention: 9,
			escalationsClosed: 7
		},
		byModality: MODALITIES.map((modality) =>
			modality === 'US'
				? {
						modality,
						assigned: 96,
						completed: 90,
						completion: 90 / 96,
						attention: 4,
						escalationsClosed: 3
					}
				: { modality, ...iqRow }
		),
		roundsHeld: 12
	}
};

/** Every text of the definition, in order (tables cell by cell, joined by " | "). */
function texts(def: ReturnType<typeof annualReportDefinition>): string[] {
	return def.content.map((c) =>
		'table' in c
			? (c as PdfTable).table.body.map((row) => row.map((x) => x.text).join(' | ')).join('\n')
			: c.text
	);
}

describe('annual report PDF', () => {
	const def = annualReportDefinition(figures, t, {
		programName: 'Lakeshore–Riverside Peer Learning Program',
		generatedOn: '2027-01-15',
		source: 'device'
	});
	const all = texts(def).join('\n');

	it('is headed privileged and confidential on every page and at the top', () => {
		const heading = 'Privileged and confidential — for quality improvement purposes';
		expect(def.header.text).toBe(heading);
		expect(def.content[0]).toMatchObject({ text: heading });
		expect(def.info.subject).toBe(heading);
		expect(def.footer(2, 3).text).toBe('Page 2 of 3');
	});

	it('prints the five required items with their figures', () => {
		expect(all).toContain('Peer learning annual report 2026');
		expect(all).toContain('Reporting period: 1 January to 31 December 2026.');
		expect(all).toContain('Learning opportunities submitted | 143 | — | —');
		expect(all).toContain('Radiologists meeting the attendance requirement | 14 | 21 | 67%');
		expect(all).toContain('Radiologists reaching the encouraged attendance | 3 | 21 | 14%');
		expect(all).toContain('Radiologists meeting the submission requirement | 9 | 21 | 43%');
		expect(all).toContain(
			'Division | Conferences offered | Target | Cases presented | Target met\nAbdominal | 11 | 4 | 27 | Yes\nChest | 3 | 4 | 8 | No\nDepartment-wide | 4 | 4 | 10 | Yes\nTotal | 18 | 12 | 45 | Yes'
		);
		expect(all).toContain(
			'Prior studies from satellite sites available at reading time | Submissions | Completed | 2026-01-20 | 2026-05-01 | Satellite priors now route to the main PACS within 5 minutes.'
		);
	});

	it('prints the image-quality program per modality with its totals', () => {
		expect(all).toContain('Ultrasound | 96 | 90 | 94% | 4 | 3');
		expect(all).toContain('Mammography | 0 | 0 | — | 0 | 0');
		expect(all).toContain('Total | 312 | 287 | 92% | 9 | 7');
		expect(all).toContain('Image-quality rounds held: 12.');
	});

	it('states the targets, the source and that it holds aggregates only', () => {
		expect(all).toContain(
			'Targets: at least 6 conferences attended (2 department-wide, 3 subspecialty); 1 learning opportunity per work week per radiologist, prorated by FTE; targets prorated for part-year staff.'
		);
		expect(all).toContain('no learning content and no individual is named');
		expect(all).toContain("Computed from the records on the director's device.");
		expect(all).toContain('Generated on 2027-01-15 (calendar days in America/Toronto).');
	});

	it('says when the year is under way and when no targets were set', () => {
		const partial = texts(
			annualReportDefinition(
				{
					...figures,
					complete: false,
					asOf: '2026-11-23',
					policy: null,
					attendance: null,
					attendanceEncouraged: null,
					submissions: null,
					qi: []
				},
				t,
				{ programName: 'P', generatedOn: '2026-11-23', source: 'server' }
			)
		).join('\n');
		expect(partial).toContain('1 January 2026 to 2026-11-23 (year under way');
		expect(partial).toContain('No participation targets were set for 2026');
		expect(partial).toContain('Radiologists meeting the attendance requirement | — | 21 | —');
		expect(partial).not.toContain('encouraged attendance');
		expect(partial).toContain('No quality-improvement initiative');
		expect(partial).toContain("Computed by the program's server.");
	});

	it('prints in French', () => {
		const f = annualReportDefinition(figures, translator(fr, 'fr'), {
			programName: 'P',
			generatedOn: '2027-01-15',
			source: 'device'
		});
		expect(f.header.text).toBe(
			'Privilégié et confidentiel — aux fins d’amélioration de la qualité'
		);
		expect(texts(f).join('\n')).toContain('Tout le département | 4 | 4 | 10 | Oui');
	});

	it('names its file after the year', () => {
		expect(annualPdfFileName(2026)).toBe('peer-learning-annual-report-2026.pdf');
	});
});

describe('report tables as CSV records', () => {
	it('keeps numbers as numbers and ends with the total row', () => {
		const divisions = annualTables(figures, t).find((x) => x.id === 'divisions')!;
		const { fields, data } = tableRecords(divisions);
		expect(fields).toEqual([
			'Division',
			'Conferences offered',
			'Target',
			'Cases presented',
			'Target met'
		]);
		expect(data[0]).toEqual(['Abdominal', 11, 4, 27, 'Yes']);
		expect(data.at(-1)).toEqual(['Total', 18, 12, 45, 'Yes']);
	});
});
