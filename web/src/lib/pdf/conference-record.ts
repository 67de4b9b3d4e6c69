/**
 * The conference record as a PDF: details, attendance, anonymized case summaries, key learnings.
 * Pure definition builders (what is and is not printed is unit-tested); pdfmake itself is
 * loaded only when a button is pressed, from the app's own bundle.
 */
import type {
	Attendance,
	Conference,
	PresentationCase
} from '@rounds/shared/conferences/conference.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';

export type Margin = [number, number, number, number];
export interface PdfText {
	text: string | PdfText[];
	style?: string;
	bold?: boolean;
	italics?: boolean;
	fontSize?: number;
	alignment?: 'left' | 'center' | 'right';
	margin?: Margin;
	pageBreak?: 'before';
}
export interface PdfTable {
	table: {
		headerRows?: number;
		widths: (number | '*' | 'auto')[];
		body: (string | PdfText)[][];
	};
	layout: 'lightHorizontalLines' | 'noBorders';
	margin?: Margin;
}
export type PdfContent = PdfText | PdfTable;
export interface PdfDefinition {
	info: { title: string; subject: string };
	pageSize: 'LETTER';
	pageOrientation: 'portrait' | 'landscape';
	pageMargins: Margin;
	/** The same text on every page: the privilege label. */
	header: PdfText;
	/** Page numbers (the record); certificates stand alone, one per page, and have none. */
	footer?: (page: number, pages: number) => PdfText;
	content: PdfContent[];
	styles: Record<
		string,
		{ fontSize?: number; bold?: boolean; italics?: boolean; color?: string; alignment?: 'center' }
	>;
	defaultStyle: { font: 'Roboto'; fontSize: number };
}

/** Translates a key under `features.`, with ICU values; the components pass `$ft`. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** How dates print: the reader's language and, in tests, a fixed time zone. */
export interface PdfLocale {
	locale: 'en' | 'fr';
	timeZone?: string;
}

export type NamedPerson = Pick<Person, 'id' | 'name'>;
export interface Section {
	id: string;
	name: string;
}

/** "Thursday, March 12, 2026, 11:00 a.m. – 12:00 p.m." in the reader's language. */
export function conferenceWhen(c: Pick<Conference, 'startsAt' | 'endsAt'>, l: PdfLocale): string {
	const f = new Intl.DateTimeFormat(l.locale, {
		dateStyle: 'full',
		timeStyle: 'short',
		timeZone: l.timeZone
	});
	return f.formatRange(new Date(c.startsAt), new Date(c.endsAt));
}

/** A date alone, long form ("March 12, 2026"). */
export function longDate(iso: string | Date, l: PdfLocale): string {
	return new Intl.DateTimeFormat(l.locale, { dateStyle: 'long', timeZone: l.timeZone }).format(
		new Date(iso)
	);
}

/** The kind, with the section or modality it belongs to: "Section conference · Chest". */
export function kindLine(c: Conference, sections: readonly Section[], t: Translate): string {
	const kind = t(`conferences.kind.${c.kind}`);
	if (c.kind === 'section') {
		const name = sections.find((s) => s.id === c.sectionId)?.name;
		return name ? `${kind} · ${name}` : kind;
	}
	return c.kind === 'iq-rounds' && c.modality ? `${kind} · ${c.modality}` : kind;
}

const nameIn = (people: readonly NamedPerson[], t: Translate) => (id: string) =>
	people.find((p) => p.id === id)?.name ?? t('present.pdf.unknownPerson');

const filled = (rows: [string, string][]): [string, string][] => rows.filter((r) => !!r[1].trim());

function factsTable(rows: [string, string][]): PdfTable {
	return {
		table: { widths: [130, '*'], body: rows.map(([k, v]) => [{ text: k, bold: true }, v]) },
		layout: 'lightHorizontalLines',
		margin: [0, 4, 0, 14]
	};
}

export const STYLES: PdfDefinition['styles'] = {
	header: { fontSize: 8, italics: true, color: '#555555' },
	confidential: { fontSize: 11, bold: true, color: '#8a1c1c' },
	title: { fontSize: 18, bold: true },
	subtitle: { fontSize: 13, color: '#333333' },
	h2: { fontSize: 13, bold: true },
	h3: { fontSize: 11, bold: true },
	note: { fontSize: 8, italics: true, color: '#555555' }
};

/** The privilege label on top of every page. */
export function pageFrame(
	t: Translate
): Pick<PdfDefinition, 'header' | 'pageSize' | 'defaultStyle'> {
	return {
		pageSize: 'LETTER',
		header: { text: t('present.confidential'), style: 'header', margin: [48, 24, 48, 0] },
		defaultStyle: { font: 'Roboto', fontSize: 10 }
	};
}

/** "Page 2 of 3" at the bottom of each page. */
const pageNumbers =
	(t: Translate) =>
	(page: number, pages: number): PdfText => ({
		text: t('present.pdf.page', { page, pages }),
		style: 'note',
		alignment: 'center',
		margin: [48, 12, 48, 0]
	});

export interface RecordInput {
	conference: Conference;
	/** Any cases on this device; only the agenda's are printed, in agenda order. */
	cases: readonly PresentationCase[];
	/** The attendance on this device, or null when this device does not hold the whole list. */
	attendance: readonly Attendance[] | null;
	people: readonly NamedPerson[];
	sections: readonly Section[];
}

/**
 * The attendance rows, sorted by name. The reason is printed for attendance recorded by hand
 * only (the schema keeps it for those).
 */
export function attendanceRows(
	attendance: readonly Attendance[],
	people: readonly NamedPerson[],
	t: Translate,
	locale: string
): { name: string; method: string; reason: string }[] {
	const name = nameIn(people, t);
	return attendance
		.map((a) => ({
			name: name(a.userId),
			method: t(`present.pdf.methods.${a.method}`),
			reason: a.method === 'manual' ? a.reason.trim() : ''
		}))
		.sort((a, b) => a.name.localeCompare(b.name, locale));
}

/**
 * The pdfmake document of a conference record. Case summaries carry only the anonymized
 * case's title and teaching points; the case's author and source are never read here.
 */
export function conferenceRecordDefinition(
	input: RecordInput,
	t: Translate,
	l: PdfLocale,
	generatedAt: Date
): PdfDefinition {
	const { conference: c, people, sections } = input;
	const name = nameIn(people, t);
	const heading = t('present.confidential');
	const content: PdfContent[] = [
		{ text: heading, style: 'confidential', margin: [0, 0, 0, 8] },
		{ text: t('present.pdf.recordTitle'), style: 'subtitle' },
		{ text: c.title, style: 'title', margin: [0, 0, 0, 10] },
		{ text: t('present.pdf.details'), style: 'h2' },
		factsTable(
			filled([
				[t('present.pdf.kind'), t(`conferences.kind.${c.kind}`)],
				[
					t('present.pdf.section'),
					c.kind === 'section' ? (sections.find((s) => s.id === c.sectionId)?.name ?? '') : ''
				],
				[t('present.pdf.modality'), c.kind === 'iq-rounds' ? c.modality : ''],
				[t('present.pdf.when'), conferenceWhen(c, l)],
				[t('present.pdf.mode'), t(`conferences.mode.${c.mode}`)],
				[t('present.pdf.location'), c.location],
				[t('present.pdf.meetingUrl'), c.meetingUrl],
				[t('present.pdf.facilitators'), c.facilitatorIds.map(name).join(', ')],
				[t('present.pdf.cme'), new Intl.NumberFormat(l.locale).format(c.cmeCredits)],
				[t('present.pdf.status'), t(`conferences.status.${c.status}`)]
			])
		)
	];

	// Attendance.
	if (input.attendance === null) {
		content.push(
			{ text: t('present.pdf.attendance', { count: '—' }), style: 'h2' },
			{ text: t('present.pdf.attendanceNotHeld'), italics: true, margin: [0, 2, 0, 14] }
		);
	} else {
		const rows = attendanceRows(
			input.attendance.filter((a) => a.conferenceId === c.id),
			people,
			t,
			l.locale
		);
		content.push({ text: t('present.pdf.attendance', { count: rows.length }), style: 'h2' });
		if (!rows.length) content.push({ text: t('present.pdf.noAttendance'), margin: [0, 2, 0, 14] });
		else
			content.push({
				table: {
					headerRows: 1,
					widths: ['*', 'auto', '*'],
					body: [
						[
							{ text: t('present.pdf.name'), bold: true },
							{ text: t('present.pdf.method'), bold: true },
							{ text: t('present.pdf.reason'), bold: true }
						],
						...rows.map((r) => [r.name, r.method, r.reason])
					]
				},
				layout: 'lightHorizontalLines',
				margin: [0, 4, 0, 14]
			});
	}

	// Anonymized case summaries, in agenda order.
	const byId = new Map(input.cases.map((x) => [x.id, x]));
	const onAgenda = c.caseIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
	const missing = c.caseIds.length - onAgenda.length;
	content.push({ text: t('present.pdf.cases'), style: 'h2', margin: [0, 0, 0, 4] });
	if (!c.caseIds.length) content.push({ text: t('present.pdf.noCases'), margin: [0, 2, 0, 14] });
	onAgenda.forEach((x, i) => {
		content.push(
			{ text: `${i + 1}. ${x.title}`, style: 'h3', margin: [0, 6, 0, 2] },
			{
				text: x.teachingPoints.trim() || t('present.pdf.noTeachingPoints'),
				margin: [12, 0, 0, 6]
			}
		);
	});
	if (missing > 0)
		content.push({
			text: t('present.pdf.casesMissing', { count: missing }),
			italics: true,
			margin: [0, 4, 0, 0]
		});

	// Key learnings.
	content.push(
		{ text: t('present.pdf.keyLearnings'), style: 'h2', margin: [0, 14, 0, 4] },
		{ text: c.keyLearnings.trim() || t('present.pdf.noLearnings'), margin: [0, 0, 0, 4] },
		{
			text: c.publishedAt
				? t('present.pdf.published', { date: longDate(c.publishedAt, l) })
				: t('present.pdf.notPublished'),
			style: 'note',
			margin: [0, 0, 0, 14]
		},
		{
			text: `${t('present.pdf.anonymous')} ${t('present.pdf.generatedOn', { date: longDate(generatedAt, l) })}`,
			style: 'note'
		}
	);

	return {
		...pageFrame(t),
		footer: pageNumbers(t),
		info: { title: `${t('present.pdf.recordTitle')} — ${c.title}`, subject: heading },
		pageOrientation: 'portrait',
		pageMargins: [48, 56, 48, 48],
		content,
		styles: STYLES
	};
}

/** A file-name part with nothing but safe characters. */
export function slug(s: string): string {
	return (
		s
			.normalize('NFD')
			.replace(/\p{M}/gu, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 40)
			.replace(/-+$/, '') || 'conference'
	);
}

export function recordFileName(c: Pick<Conference, 'title' | 'startsAt'>): string {
	return `conference-record-${c.startsAt.slice(0, 10)}-${slug(c.title)}.pdf`;
}

/**
 * Builds and downloads a PDF. pdfmake and its fonts (~1 MB) are imported only here, on demand,
 * from the app's own bundle: never in the first load, never from a CDN, so it works offline.
 */
export async function downloadPdf(definition: PdfDefinition, fileName: string): Promise<void> {
	const [{ default: pdfMake }, { default: vfs }] = await Promise.all([
		import('pdfmake/build/pdfmake'),
		import('pdfmake/build/vfs_fonts')
	]);
	pdfMake.addVirtualFileSystem(vfs);
	// These documents never need anything from the network.
	pdfMake.setUrlAccessPolicy(() => false);
	await pdfMake.createPdf(definition).download(fileName);
}
