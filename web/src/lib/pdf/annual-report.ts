/**
 * The annual peer learning report as tables and as a PDF. `annualTables` turns the shared
 * figures into the report's tables once: the screen shows them, the CSV exports write them and
 * the PDF prints them, so the three never disagree. Pure builders (what is printed is
 * unit-tested); pdfmake is loaded only when the button is pressed, from the app's own bundle,
 * so the report is made offline.
 */
import { percent, type AnnualFigures, type Share } from '@rounds/shared/reports/annual';

export type Margin = [number, number, number, number];
export interface PdfText {
	text: string;
	style?: string;
	bold?: boolean;
	alignment?: 'left' | 'right';
	margin?: Margin;
}
export interface PdfTable {
	table: { headerRows: number; widths: (number | '*' | 'auto')[]; body: PdfText[][] };
	layout: 'lightHorizontalLines';
	margin?: Margin;
}
export type PdfContent = PdfText | PdfTable;
export interface AnnualPdfDefinition {
	info: { title: string; subject: string };
	pageSize: 'LETTER';
	pageMargins: Margin;
	/** pdfmake repeats a static header on every page: the privilege label. */
	header: PdfText;
	footer: (page: number, pages: number) => PdfText;
	content: PdfContent[];
	styles: Record<string, { fontSize?: number; bold?: boolean; italics?: boolean; color?: string }>;
	defaultStyle: { font: 'Roboto'; fontSize: number };
}

/** Translates a key under `features.` with ICU values; the screen passes svelte-i18n's. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export type Cell = string | number;
export interface ReportTable {
	id: 'summary' | 'divisions' | 'qi' | 'iq';
	title: string;
	columns: string[];
	/** Which columns hold numbers (right-aligned on screen and paper). */
	numeric: boolean[];
	rows: Cell[][];
	/** A closing total row, when the table has one. */
	total: Cell[] | null;
}

const DASH = '—';

/** The report's tables, in the order of the five required items, then image quality. */
export function annualTables(f: AnnualFigures, t: Translate): ReportTable[] {
	const pct = (s: Share | null): Cell => {
		const p = s ? percent(s.rate) : null;
		return p === null ? DASH : `${p}%`;
	};
	const shareRow = (label: string, s: Share | null): Cell[] =>
		s ? [label, s.met, s.of, pct(s)] : [label, DASH, f.radiologists, DASH];
	const yesNo = (met: boolean | null) =>
		met === null ? DASH : t(met ? 'reports.yes' : 'reports.no');
	const day = (d: string | null) => d ?? DASH;
	const completion = (c: number | null) => (c === null ? DASH : `${percent(c)}%`);
	return [
		{
			id: 'summary',
			title: t('reports.table.summary'),
			columns: [
				t('reports.col.measure'),
				t('reports.col.number'),
				t('reports.col.radiologists'),
				t('reports.col.percent')
			],
			numeric: [false, true, true, true],
			rows: [
				[t('reports.item.submissions'), f.totalSubmissions, DASH, DASH],
				shareRow(t('reports.item.attendance'), f.attendance),
				...(f.attendanceEncouraged
					? [shareRow(t('reports.item.attendanceEncouraged'), f.attendanceEncouraged)]
					: []),
				shareRow(t('reports.item.submissionTarget'), f.submissions)
			],
			total: null
		},
		{
			id: 'divisions',
			title: t('reports.table.divisions'),
			columns: [
				t('reports.col.division'),
				t('reports.col.offered'),
				t('reports.col.target'),
				t('reports.col.cases'),
				t('reports.col.met')
			],
			numeric: [false, true, true, true, false],
			rows: f.divisions.map((d) => [
				d.kind === 'department' ? t('reports.departmentWide') : d.name,
				d.offered,
				d.target ?? DASH,
				d.casesPresented,
				yesNo(d.met)
			]),
			total: [
				t('reports.total'),
				f.divisionTotals.offered,
				f.divisionTotals.target ?? DASH,
				f.divisionTotals.casesPresented,
				f.divisionTotals.target === null
					? DASH
					: yesNo(f.divisionTotals.offered >= f.divisionTotals.target)
			]
		},
		{
			id: 'qi',
			title: t('reports.table.qi'),
			columns: [
				t('reports.col.initiative'),
				t('reports.col.origin'),
				t('reports.col.status'),
				t('reports.col.started'),
				t('reports.col.completed'),
				t('reports.col.outcome')
			],
			numeric: [false, false, false, false, false, false],
			rows: f.qi.map((q) => [
				q.title,
				t(`reports.origin.${q.originKind}`),
				t(`reports.qiStatus.${q.status}`),
				day(q.startedOn),
				day(q.completedOn),
				q.outcome || DASH
			]),
			total: null
		},
		{
			id: 'iq',
			title: t('reports.table.iq'),
			columns: [
				t('reports.col.modality'),
				t('reports.col.assigned'),
				t('reports.col.reviewsCompleted'),
				t('reports.col.completion'),
				t('reports.col.attention'),
				t('reports.col.escalationsClosed')
			],
			numeric: [false, true, true, true, true, true],
			rows: f.iq.byModality.map((m) => [
				t(`reports.modality.${m.modality}`),
				m.assigned,
				m.completed,
				completion(m.completion),
				m.attention,
				m.escalationsClosed
			]),
			total: [
				t('reports.total'),
				f.iq.totals.assigned,
				f.iq.totals.completed,
				completion(f.iq.totals.completion),
				f.iq.totals.attention,
				f.iq.totals.escalationsClosed
			]
		}
	];
}

/** One table as CSV records: the header row, the rows, then the total row. */
export function tableRecords(table: ReportTable): { fields: string[]; data: Cell[][] } {
	return { fields: table.columns, data: table.total ? [...table.rows, table.total] : table.rows };
}

/** A plain-language line on the targets the figures were measured against. */
export function policyLine(f: AnnualFigures, t: Translate): string {
	const p = f.policy;
	if (!p) return t('reports.noPolicy', { year: f.year });
	return t('reports.policyLine', {
		attendance: p.attendance.total.minimum,
		department: p.attendance.department.minimum,
		subspecialty: p.attendance.subspecialty.minimum,
		submissions: p.submissions.count,
		per: p.submissions.per,
		prorated: p.submissions.prorateByFte ? 'yes' : 'no'
	});
}

export interface AnnualPdfMeta {
	programName: string;
	/** `YYYY-MM-DD`. */
	generatedOn: string;
	/** Where the figures came from: this device's data, or the server. */
	source: 'device' | 'server';
}

const cell = (c: Cell, numeric: boolean, bold = false): PdfText => ({
	text: String(c),
	...(numeric ? { alignment: 'right' as const } : {}),
	...(bold ? { bold: true } : {})
});

function pdfTable(table: ReportTable, widths: (number | '*' | 'auto')[]): PdfTable {
	return {
		table: {
			headerRows: 1,
			widths,
			body: [
				table.columns.map((c, i) => cell(c, table.numeric[i]!, true)),
				...table.rows.map((r) => r.map((c, i) => cell(c, table.numeric[i]!))),
				...(table.total ? [table.total.map((c, i) => cell(c, table.numeric[i]!, true))] : [])
			]
		},
		layout: 'lightHorizontalLines',
		margin: [0, 4, 0, 14]
	};
}

/** The pdfmake document of the annual report; pure, so its text is unit-tested. */
export function annualReportDefinition(
	f: AnnualFigures,
	t: Translate,
	meta: AnnualPdfMeta
): AnnualPdfDefinition {
	const heading = t('reports.pdf.confidential');
	const [summary, divisions, qi, iq] = annualTables(f, t) as [
		ReportTable,
		ReportTable,
		ReportTable,
		ReportTable
	];
	const title = t('reports.pdf.title', { year: f.year });
	const content: PdfContent[] = [
		{ text: heading, style: 'confidential', margin: [0, 0, 0, 8] },
		{ text: meta.programName, style: 'program' },
		{ text: title, style: 'title', margin: [0, 0, 0, 4] },
		{
			text: f.complete
				? t('reports.pdf.period', { year: f.year })
				: t('reports.pdf.periodSoFar', { year: f.year, asOf: f.asOf }),
			margin: [0, 0, 0, 4]
		},
		{ text: policyLine(f, t), style: 'note', margin: [0, 0, 0, 12] },
		{ text: summary.title, style: 'h2' },
		pdfTable(summary, ['*', 60, 80, 50]),
		{ text: divisions.title, style: 'h2' },
		pdfTable(divisions, ['*', 60, 50, 70, 60]),
		{ text: qi.title, style: 'h2' }
	];
	if (qi.rows.length) content.push(pdfTable(qi, [120, 60, 55, 55, 55, '*']));
	else content.push({ text: t('reports.noQi'), margin: [0, 2, 0, 14] });
	content.push(
		{ text: iq.title, style: 'h2' },
		pdfTable(iq, ['*', 55, 60, 60, 60, 60]),
		{
			text: t('reports.iqRounds', { count: f.iq.roundsHeld }),
			margin: [0, 0, 0, 14]
		},
		{
			text: [
				t('reports.pdf.aggregates'),
				t(meta.source === 'device' ? 'reports.pdf.fromDevice' : 'reports.pdf.fromServer'),
				t('reports.pdf.generatedOn', { date: meta.generatedOn, zone: f.timeZone })
			].join(' '),
			style: 'note'
		}
	);
	return {
		info: { title, subject: heading },
		pageSize: 'LETTER',
		pageMargins: [48, 56, 48, 48],
		header: { text: heading, style: 'header', margin: [48, 24, 48, 0] },
		footer: (page, pages) => ({
			text: t('reports.pdf.page', { page, pages }),
			style: 'header',
			alignment: 'right',
			margin: [48, 16, 48, 0]
		}),
		content,
		styles: {
			header: { fontSize: 8, italics: true, color: '#555555' },
			confidential: { fontSize: 11, bold: true, color: '#8a1c1c' },
			program: { fontSize: 10, color: '#555555' },
			title: { fontSize: 16, bold: true },
			h2: { fontSize: 12, bold: true },
			note: { fontSize: 8, italics: true, color: '#555555' }
		},
		defaultStyle: { font: 'Roboto', fontSize: 9 }
	};
}

/** `peer-learning-annual-report-2026.pdf`. */
export const annualPdfFileName = (year: number) => `peer-learning-annual-report-${year}.pdf`;

/**
 * Builds and downloads the report. pdfmake and its fonts (~1 MB) are imported only here, on
 * demand, from the app's own bundle (cached by the service worker): never from a CDN.
 */
export async function downloadAnnualPdf(
	f: AnnualFigures,
	t: Translate,
	meta: AnnualPdfMeta
): Promise<void> {
	const [{ default: pdfMake }, { default: vfs }] = await Promise.all([
		import('pdfmake/build/pdfmake'),
		import('pdfmake/build/vfs_fonts')
	]);
	pdfMake.addVirtualFileSystem(vfs);
	pdfMake.setUrlAccessPolicy(() => false);
	await pdfMake.createPdf(annualReportDefinition(f, t, meta)).download(annualPdfFileName(f.year));
}
