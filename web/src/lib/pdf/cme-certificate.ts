/**
 * CME attendance certificates: one landscape page per attendee (name, conference, date,
 * credits), singly or all of a conference in one PDF. Pure builders; no case content at all.
 */
import type { Attendance, Conference } from '@rounds/shared/conferences/conference.schema';
import {
	STYLES,
	kindLine,
	longDate,
	pageFrame,
	slug,
	type NamedPerson,
	type PdfContent,
	type PdfDefinition,
	type PdfLocale,
	type Section,
	type Translate
} from './conference-record.ts';

export interface CertificateInput {
	conference: Conference;
	people: readonly NamedPerson[];
	sections: readonly Section[];
}

/** The pages of one certificate; `first` decides whether it starts on a new page. */
function certificate(
	{ conference: c, people, sections }: CertificateInput,
	a: Attendance,
	t: Translate,
	l: PdfLocale,
	issuedAt: Date,
	first: boolean
): PdfContent[] {
	const name = (id: string) =>
		people.find((p) => p.id === id)?.name ?? t('present.pdf.unknownPerson');
	const facilitators = c.facilitatorIds.map(name).join(', ');
	return [
		{
			text: t('present.pdf.certificate.title'),
			style: 'certTitle',
			margin: [0, 40, 0, 28],
			...(first ? {} : { pageBreak: 'before' as const })
		},
		{ text: t('present.pdf.certificate.certifies'), style: 'centered' },
		{ text: name(a.userId), style: 'certName', margin: [0, 10, 0, 10] },
		{ text: t('present.pdf.certificate.attended'), style: 'centered' },
		{ text: c.title, style: 'certConference', margin: [0, 10, 0, 4] },
		{ text: kindLine(c, sections, t), style: 'centered' },
		{
			text: t('present.pdf.certificate.on', { date: longDate(c.startsAt, l) }),
			style: 'centered',
			margin: [0, 0, 0, 18]
		},
		{
			text:
				c.cmeCredits > 0
					? t('present.pdf.certificate.credits', { credits: c.cmeCredits })
					: t('present.pdf.certificate.noCredits'),
			style: 'certCredits',
			margin: [0, 0, 0, 24]
		},
		...(facilitators
			? [
					{
						text: t('present.pdf.certificate.facilitators', { names: facilitators }),
						style: 'centered'
					}
				]
			: []),
		{
			text: t('present.pdf.certificate.recorded', {
				method: t(`present.pdf.methods.${a.method}`)
			}),
			style: 'centered'
		},
		{
			text: t('present.pdf.certificate.issued', { date: longDate(issuedAt, l) }),
			style: 'centered',
			margin: [0, 24, 0, 0]
		},
		{ text: t('present.pdf.certificate.reference', { id: a.id }), style: 'certNote' }
	];
}

/**
 * Certificates for these attendance records of the conference (others are ignored), sorted by
 * the attendee's name; one record gives one attendee's certificate.
 */
export function certificatesDefinition(
	input: CertificateInput,
	attendance: readonly Attendance[],
	t: Translate,
	l: PdfLocale,
	issuedAt: Date
): PdfDefinition {
	const c = input.conference;
	const name = (id: string) => input.people.find((p) => p.id === id)?.name ?? '';
	const records = attendance
		.filter((a) => a.conferenceId === c.id)
		.sort((a, b) => name(a.userId).localeCompare(name(b.userId), l.locale));
	if (!records.length) throw new Error('No attendance to certify');
	const title = t('present.pdf.certificate.title');
	return {
		...pageFrame(t),
		info: { title: `${title} — ${c.title}`, subject: t('present.confidential') },
		pageOrientation: 'landscape',
		pageMargins: [64, 56, 64, 48],
		content: records.flatMap((a, i) => certificate(input, a, t, l, issuedAt, i === 0)),
		styles: {
			...STYLES,
			centered: { fontSize: 13, alignment: 'center' },
			certTitle: { fontSize: 28, bold: true, alignment: 'center', color: '#0b5cab' },
			certName: { fontSize: 24, bold: true, alignment: 'center' },
			certConference: { fontSize: 18, bold: true, alignment: 'center' },
			certCredits: { fontSize: 16, bold: true, alignment: 'center' },
			certNote: { fontSize: 8, italics: true, color: '#555555', alignment: 'center' }
		}
	};
}

export function certificateFileName(
	c: Pick<Conference, 'title' | 'startsAt'>,
	attendee?: string
): string {
	const base = `${c.startsAt.slice(0, 10)}-${slug(c.title)}`;
	return attendee
		? `cme-certificate-${base}-${slug(attendee)}.pdf`
		: `cme-certificates-${base}.pdf`;
}
