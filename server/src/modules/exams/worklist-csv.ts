import { CsvError, parse } from 'csv-parse/sync';
import {
	COLUMN_LABELS,
	IMPORT_COLUMNS,
	REQUIRED_COLUMNS,
	type ImportColumn,
	type RowIssue,
	type SourceRow
} from './exam-import.ts';

/** Header names accepted for each column, compared without case, spaces or punctuation. */
export const CSV_HEADERS: Record<ImportColumn, string[]> = {
	accession: ['accession', 'accession number', 'accession no'],
	modality: ['modality'],
	performedAt: [
		'exam date and time',
		'exam date',
		'exam datetime',
		'performed at',
		'date and time'
	],
	site: ['site', 'site name', 'site id'],
	performer: ['performing technologist', 'technologist', 'performer', 'performed by'],
	reader: ['reading radiologist', 'radiologist', 'reader', 'read by'],
	description: ['exam description', 'description', 'study description']
};

const headerKey = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');
const HEADER_INDEX = new Map<string, ImportColumn>(
	IMPORT_COLUMNS.flatMap((c) => CSV_HEADERS[c].map((h) => [headerKey(h), c] as const))
);

/**
 * The field delimiter, read from the header line: spreadsheets in French locales export CSV with
 * semicolons, some RIS exports use tabs. The header holds no quoted delimiters in practice.
 */
function delimiterOf(text: string): string {
	const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
	const count = (d: string) => header.split(d).length - 1;
	return [',', ';', '\t'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

export interface ParsedCsv {
	rows: SourceRow[];
	issues: RowIssue[];
	/** Header names that match no documented column (ignored, shown to the user). */
	ignoredHeaders: string[];
}

const fileIssue = (code: RowIssue['code'], message: string, row: number | null = null) => ({
	row,
	column: null,
	code,
	value: '',
	message
});

/**
 * Reads a worklist CSV (first line = header) into rows keyed by column. Syntax errors, missing
 * columns and oversized files are reported as issues; rows are numbered by their line in the
 * file so the user can find them in a spreadsheet.
 */
export function parseWorklistCsv(text: string, maxRows: number): ParsedCsv {
	let records: { record: string[]; info: { lines: number } }[];
	try {
		records = parse(text, {
			bom: true,
			delimiter: delimiterOf(text),
			relax_column_count: true,
			skip_empty_lines: true,
			trim: true,
			info: true,
			// One field holds at most a 200-character description; a much longer "record" means an
			// unclosed quote swallowing the rest of the file.
			max_record_size: 64_000
		}) as unknown as { record: string[]; info: { lines: number } }[];
	} catch (e) {
		if (!(e instanceof CsvError)) throw e;
		const line = typeof e.lines === 'number' ? e.lines : null;
		return {
			rows: [],
			issues: [
				fileIssue(
					'csv-syntax',
					`The file is not valid CSV${line ? ` (near line ${line})` : ''}: ${e.message}`,
					line
				)
			],
			ignoredHeaders: []
		};
	}
	const nonEmpty = records.filter((r) => r.record.some((f) => f !== ''));
	const [header, ...body] = nonEmpty;
	if (!header || !body.length)
		return {
			rows: [],
			issues: [fileIssue('empty-file', 'The file has no exam rows under its header line')],
			ignoredHeaders: []
		};
	if (body.length > maxRows)
		return {
			rows: [],
			issues: [
				fileIssue(
					'too-many-rows',
					`The file has ${body.length} rows; import at most ${maxRows} at a time (split the file)`
				)
			],
			ignoredHeaders: []
		};

	const issues: RowIssue[] = [];
	const columnAt = new Map<number, ImportColumn>();
	const ignoredHeaders: string[] = [];
	header.record.forEach((h, i) => {
		const c = HEADER_INDEX.get(headerKey(h));
		if (!c) ignoredHeaders.push(h);
		else if ([...columnAt.values()].includes(c))
			issues.push(
				fileIssue('duplicate-column', `Two columns are the ${COLUMN_LABELS[c]}: keep one`, 1)
			);
		else columnAt.set(i, c);
	});
	const present = new Set(columnAt.values());
	for (const c of REQUIRED_COLUMNS)
		if (!present.has(c))
			issues.push({
				row: header.info.lines,
				column: c,
				code: 'missing-column',
				value: '',
				message: `The header has no "${CSV_HEADERS[c][0]}" column`
			});
	if (issues.length) return { rows: [], issues, ignoredHeaders };

	const width = header.record.length;
	const rows = body.map(({ record, info }): SourceRow => {
		// `info.lines` is where the record ends; a quoted field may span lines, so step back.
		const line = info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
		if (record.length !== width)
			issues.push(
				fileIssue(
					'field-count',
					`This row has ${record.length} fields where the header has ${width}`,
					line
				)
			);
		const values: SourceRow['values'] = {};
		for (const [i, c] of columnAt) values[c] = record[i] ?? '';
		return { row: line, values };
	});
	return { rows, issues, ignoredHeaders };
}
