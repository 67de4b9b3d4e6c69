import { describe, expect, it } from 'vitest';
import {
	attendanceOf,
	caseOf,
	conferenceOf,
	texts,
	translator
} from '#lib/features/present/test-factories.ts';
import { certificateFileName, certificatesDefinition } from './cme-certificate.ts';
import type { PdfText } from './conference-record.ts';

const people = [
	{ id: 'person-lead', name: 'Léa Lead' },
	{ id: 'person-ann', name: 'Ann Attendee' },
	{ id: 'person-zoe', name: 'Zoë Zimmer' }
];
const sections = [{ id: 'section-chest', name: 'Chest' }];
const conference = conferenceOf({ caseIds: ['case-on-agenda'], cmeCredits: 1.5 });
const input = { conference, people, sections };
const l = { locale: 'en' as const, timeZone: 'America/Toronto' };
const issued = new Date('2026-03-20T12:00:00.000Z');
const zoe = attendanceOf('person-zoe');
const ann = attendanceOf('person-ann', { method: 'virtual-import' });

describe('CME certificates', () => {
	it('certifies one attendee: name, conference, date, credits', () => {
		const def = certificatesDefinition(input, [zoe], translator('en'), l, issued);
		const all = texts(def.content);
		expect(def.pageOrientation).toBe('landscape');
		expect(all).toEqual([
			'Certificate of attendance',
			'This certifies that',
			'Zoë Zimmer',
			'attended',
			'Chest rounds — March',
			'Section conference · Chest',
			'on March 12, 2026',
			'1.5 CME credits',
			'Facilitated by Léa Lead',
			'Attendance recorded: QR check-in',
			'Issued on March 20, 2026 by the peer learning program.',
			`Record ${zoe.id}`
		]);
		expect(def.header.text).toBe('Privileged and confidential — for quality improvement purposes');
		// Each certificate stands alone: no "page 2 of 5" on someone's certificate.
		expect(def.footer).toBeUndefined();
	});

	it('prints everyone’s certificates in one PDF, one page each, by name', () => {
		const lead = attendanceOf('person-lead', { method: 'manual', reason: 'Presented' });
		const elsewhere = attendanceOf('person-zoe', { conferenceId: 'conf-other' });
		const def = certificatesDefinition(
			input,
			[zoe, elsewhere, lead, ann],
			translator('en'),
			l,
			issued
		);
		const titles = def.content.filter(
			(c): c is PdfText => 'text' in c && c.text === 'Certificate of attendance'
		);
		expect(titles.map((c) => c.pageBreak)).toEqual([undefined, 'before', 'before']);
		const names = texts(def.content).filter((s) => people.some((p) => p.name === s));
		expect(names).toEqual(['Ann Attendee', 'Léa Lead', 'Zoë Zimmer']);
		expect(texts(def.content)).toContain('Attendance recorded: Virtual (meeting report)');
	});

	it('carries nothing of the cases', () => {
		const def = certificatesDefinition(
			{ ...input, conference: { ...conference, keyLearnings: 'Secret learning' } },
			[zoe],
			translator('en'),
			l,
			issued
		);
		const json = JSON.stringify(def);
		for (const s of [caseOf('case-on-agenda').title, 'case-on-agenda', 'Secret learning'])
			expect(json).not.toContain(s);
	});

	it('says when no credits are attached, and follows the reader’s language', () => {
		const none = texts(
			certificatesDefinition(
				{ ...input, conference: { ...conference, cmeCredits: 0 } },
				[zoe],
				translator('en'),
				l,
				issued
			).content
		);
		expect(none).toContain('No CME credits are attached to this conference.');
		const fr = texts(
			certificatesDefinition(input, [zoe], translator('fr'), { ...l, locale: 'fr' }, issued).content
		);
		for (const s of ['Attestation de présence', 'le 12 mars 2026', '1,5 crédit de FMC'])
			expect(fr).toContain(s);
	});

	it('refuses to print a certificate nobody earned', () => {
		expect(() =>
			certificatesDefinition(
				input,
				[attendanceOf('person-ann', { conferenceId: 'conf-other' })],
				translator('en'),
				l,
				issued
			)
		).toThrow(/No attendance/);
	});

	it('names the files safely', () => {
		expect(certificateFileName(conference, 'Zoë Zimmer')).toBe(
			'cme-certificate-2026-03-12-chest-rounds-march-zoe-zimmer.pdf'
		);
		expect(certificateFileName(conference)).toBe(
			'cme-certificates-2026-03-12-chest-rounds-march.pdf'
		);
	});
});
