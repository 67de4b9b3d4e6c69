import type { Submission } from '@rounds/shared/submissions/submission.schema';
import type { Feedback } from '@rounds/shared/submissions/feedback.schema';

/** The subset of pdfmake's document definition this module produces. */
export type Margin = [number, number, number, number];
export interface PdfText {
	text: string | PdfText[];
	style?: string;
	bold?: boolean;
	margin?: Margin;
}
export interface PdfTable {
	table: { widths: (number | '*' | 'auto')[]; body: (string | PdfText)[][] };
	layout: 'lightHorizontalLines' | 'noBorders';
	margin?: Margin;
}
export type PdfContent = PdfText | PdfTable;
export interface PdfDefinition {
	info: { title: string; subject: string };
	pageSize: 'LETTER';
	pageMargins: Margin;
	header: PdfText;
	content: PdfContent[];
	styles: Record<string, { fontSize?: number; bold?: boolean; italics?: boolean; color?: string }>;
	defaultStyle: { font: 'Roboto'; fontSize: number };
}

/**
 * A case as printed: labelled values only. There is deliberately no field for the submitter
 * or the original reader, so no caller can put them on paper.
 */
export interface PdfCase {
	accession: string;
	/** [label, value] rows: modality, reason, site… already translated. */
	facts: [string, string][];
	description: string;
	teachingPoint: string;
	/** The chief's classification, when printed from triage. */
	classification: [string, string][];
}

/** Translates a key under `features.`; the components pass svelte-i18n's formatter. */
export type Translate = (key: string) => string;

const nonEmpty = (rows: [string, string | null | undefined][]): [string, string][] =>
	rows.filter((r): r is [string, string] => !!r[1]);

/** The printable case of a submission, for its section chief. */
export function pdfCaseFromSubmission(
	s: Submission,
	t: Translate,
	names: { site: string; section: string }
): PdfCase {
	const triaged = s.triage.triagedAt !== null;
	return {
		accession: s.accession,
		facts: nonEmpty([
			[t('pdf.modality'), s.modality],
			[t('pdf.site'), names.site],
			[t('pdf.section'), names.section],
			[t('pdf.reason'), t(`reason.${s.reason}`)],
			[t('pdf.discrepancyType'), s.discrepancyType && t(`discrepancyType.${s.discrepancyType}`)],
			[t('pdf.source'), t(`source.${s.source}`)],
			[t('pdf.submittedOn'), s.submittedAt?.slice(0, 10)],
			[
				t('pdf.careAction'),
				s.mayAffectCare && s.careAction ? t(`careAction.${s.careAction}`) : null
			],
			[t('pdf.attested'), s.mayAffectCare ? t(s.attested ? 'pdf.yes' : 'pdf.no') : null],
			[t('pdf.followUpOn'), s.followUpOn]
		]),
		description: s.description,
		teachingPoint: s.teachingPoint,
		classification: triaged
			? nonEmpty([
					[t('pdf.findingType'), s.triage.findingType],
					[t('pdf.errorCategory'), t(`errorCategory.${s.triage.errorCategory}`)],
					[t('pdf.significance'), t(`significance.${s.triage.clinicalSignificance}`)],
					[t('pdf.actionsDone'), s.triage.actionsDone.map((a) => t(`careAction.${a}`)).join(', ')],
					[
						t('pdf.conference'),
						s.triage.conferenceFlag === 'none'
							? null
							: t(`conferenceFlag.${s.triage.conferenceFlag}`)
					]
				])
			: []
	};
}

/** The printable case of a feedback document, for its reader. */
export function pdfCaseFromFeedback(f: Feedback, t: Translate): PdfCase {
	return {
		accession: f.caseSummary.accession,
		facts: nonEmpty([
			[t('pdf.modality'), f.caseSummary.modality],
			[t('pdf.reason'), t(`reason.${f.caseSummary.reason}`)],
			[t('pdf.sentOn'), f.sentAt?.slice(0, 10)]
		]),
		description: f.caseSummary.description,
		teachingPoint: f.caseSummary.teachingPoint,
		classification: []
	};
}

function factsTable(rows: [string, string][]): PdfTable {
	return {
		table: { widths: [150, '*'], body: rows.map(([k, v]) => [{ text: k, bold: true }, v]) },
		layout: 'lightHorizontalLines',
		margin: [0, 4, 0, 12]
	};
}

/** The pdfmake document for a case; pure, so what is (not) printed is unit-tested. */
export function submissionPdfDefinition(
	c: PdfCase,
	t: Translate,
	generatedOn: string
): PdfDefinition {
	const heading = t('pdf.confidential');
	const content: PdfContent[] = [
		{ text: heading, style: 'confidential', margin: [0, 0, 0, 8] },
		{ text: `${t('pdf.title')} — ${c.accession}`, style: 'title', margin: [0, 0, 0, 8] },
		factsTable([[t('pdf.accession'), c.accession], ...c.facts]),
		{ text: t('pdf.description'), style: 'h2' },
		{ text: c.description || '—', margin: [0, 2, 0, 12] },
		{ text: t('pdf.teachingPoint'), style: 'h2' },
		{ text: c.teachingPoint || '—', margin: [0, 2, 0, 12] }
	];
	if (c.classification.length)
		content.push({ text: t('pdf.classification'), style: 'h2' }, factsTable(c.classification));
	content.push({
		text: `${t('pdf.anonymous')} ${t('pdf.generatedOn')} ${generatedOn}.`,
		style: 'note'
	});
	return {
		info: { title: `${t('pdf.title')} ${c.accession}`, subject: heading },
		pageSize: 'LETTER',
		pageMargins: [48, 56, 48, 48],
		header: { text: heading, style: 'header', margin: [48, 24, 48, 0] },
		content,
		styles: {
			header: { fontSize: 8, italics: true, color: '#555555' },
			confidential: { fontSize: 11, bold: true, color: '#8a1c1c' },
			title: { fontSize: 16, bold: true },
			h2: { fontSize: 12, bold: true },
			note: { fontSize: 8, italics: true, color: '#555555' }
		},
		defaultStyle: { font: 'Roboto', fontSize: 10 }
	};
}

/** A file name with nothing but the accession's safe characters. */
export function pdfFileName(accession: string): string {
	return `peer-learning-${accession.replace(/[^A-Za-z0-9_-]/g, '') || 'case'}.pdf`;
}

/**
 * Builds and downloads the PDF. pdfmake and its fonts (~1 MB) are imported only here, on
 * demand, from the app's own bundle: never in the first load, never from a CDN.
 */
export async function downloadCasePdf(c: PdfCase, t: Translate, now = new Date()): Promise<void> {
	const [{ default: pdfMake }, { default: vfs }] = await Promise.all([
		import('pdfmake/build/pdfmake'),
		import('pdfmake/build/vfs_fonts')
	]);
	pdfMake.addVirtualFileSystem(vfs);
	// A case PDF never needs anything from the network.
	pdfMake.setUrlAccessPolicy(() => false);
	const definition = submissionPdfDefinition(c, t, now.toISOString().slice(0, 10));
	await pdfMake.createPdf(definition).download(pdfFileName(c.accession));
}
