import { describe, expect, it } from 'vitest';
import { parseWorklistCsv } from './worklist-csv.ts';

const HEADER =
	'Accession,Modality,Exam date and time,Site,Performing technologist,Reading radiologist,Exam description';

describe('parseWorklistCsv', () => {
	it('reads the documented columns, numbering rows by their line in the file', () => {
		const p = parseWorklistCsv(
			`${HEADER}\r\nLG26000001,CT,2026-03-01 08:30,Lakeshore General,ana@example.test,Omar Haddad,"CT chest, abdomen"\r\n\r\nLG26000002,US,2026-03-01 09:00,site-lg,,,"US ""abdo""\nlimited"\n`,
			10
		);
		expect(p.issues).toEqual([]);
		expect(p.rows).toEqual([
			{
				row: 2,
				values: {
					accession: 'LG26000001',
					modality: 'CT',
					performedAt: '2026-03-01 08:30',
					site: 'Lakeshore General',
					performer: 'ana@example.test',
					reader: 'Omar Haddad',
					description: 'CT chest, abdomen'
				}
			},
			{
				row: 4,
				values: {
					accession: 'LG26000002',
					modality: 'US',
					performedAt: '2026-03-01 09:00',
					site: 'site-lg',
					performer: '',
					reader: '',
					description: 'US "abdo"\nlimited'
				}
			}
		]);
	});
	it('accepts semicolons, a byte order mark, header aliases and ignores unknown columns', () => {
		const p = parseWorklistCsv(
			'\uFEFFaccession number;MODALITY;exam_date;site;patient;description\nLG26000001;MR;2026-03-01 08:30;Lakeshore General;x;MR knee\n',
			10
		);
		expect(p.issues).toEqual([]);
		expect(p.ignoredHeaders).toEqual(['patient']);
		expect(p.rows[0]!.values).toEqual({
			accession: 'LG26000001',
			modality: 'MR',
			performedAt: '2026-03-01 08:30',
			site: 'Lakeshore General',
			description: 'MR knee'
		});
	});
	it('reports missing columns and reads no rows', () => {
		const p = parseWorklistCsv('Accession,Modality,Description\nLG26000001,CT,x\n', 10);
		expect(p.rows).toEqual([]);
		expect(p.issues.map((i) => [i.code, i.column])).toEqual([
			['missing-column', 'performedAt'],
			['missing-column', 'site']
		]);
	});
	it('reports rows with the wrong number of fields', () => {
		const p = parseWorklistCsv(`${HEADER}\nLG26000001,CT,2026-03-01 08:30\n`, 10);
		expect(p.issues).toMatchObject([{ row: 2, code: 'field-count' }]);
	});
	it('reports broken quoting, an empty file and too many rows', () => {
		expect(
			parseWorklistCsv(`${HEADER}\nLG26000001,CT,"2026-03-01 08:30,x,y,z,w\n`, 10).issues
		).toMatchObject([{ code: 'csv-syntax', message: /not valid CSV/ }]);
		expect(parseWorklistCsv(`${HEADER}\n`, 10).issues).toMatchObject([{ code: 'empty-file' }]);
		expect(parseWorklistCsv('', 10).issues).toMatchObject([{ code: 'empty-file' }]);
		const many = `${HEADER}\n${'LG26000001,CT,2026-03-01 08:30,a,,,\n'.repeat(3)}`;
		expect(parseWorklistCsv(many, 2)).toMatchObject({
			rows: [],
			issues: [{ code: 'too-many-rows', message: /at most 2/ }]
		});
	});
});
