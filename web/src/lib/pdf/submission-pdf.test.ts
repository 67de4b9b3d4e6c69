import { describe, expect, it } from 'vitest';
import { emptyTriage } from '@rounds/shared/submissions/submission.schema';
import {
	feedbackFactory,
	personFactory,
	submissionFactory
} from '@rounds/shared/testing/factories';
import en from '#lib/features/i18n/en.json' with { type: 'json' };
import fr from '#lib/features/i18n/fr.json' with { type: 'json' };
import { lookup } from '#lib/features/i18n/translate.ts';
import {
	pdfCaseFromFeedback,
	pdfCaseFromSubmission,
	pdfFileName,
	submissionPdfDefinition
} from './submission-pdf.ts';

const t = (key: string) => lookup(en, key);
const submitter = personFactory({ id: 'person-sam-submitter', name: 'Samira Submitter' });
const reader = personFactory({ id: 'person-rita-reader', name: 'Rita Reader' });
const sub = submissionFactory({
	submitterId: submitter.id,
	originalReaderId: reader.id,
	mayAffectCare: true,
	careAction: 'addendum',
	attested: true,
	triage: {
		...emptyTriage(),
		findingType: 'Missed nodule',
		errorCategory: 'perceptual',
		clinicalSignificance: 'moderate',
		actionsDone: ['addendum'],
		conferenceFlag: 'section',
		notes: `Discussed with ${submitter.name}`,
		triagedById: 'person-chief',
		triagedAt: '2026-03-03T09:00:00.000Z'
	}
});

describe('case PDF', () => {
	const def = submissionPdfDefinition(
		pdfCaseFromSubmission(sub, t, { site: 'Lakeshore General', section: 'Chest' }),
		t,
		'2026-03-04'
	);
	const text = JSON.stringify(def);

	it('is headed privileged and confidential on every page and at the top', () => {
		const heading = 'Privileged and confidential — for quality improvement purposes';
		expect(def.header.text).toBe(heading);
		expect(def.content[0]).toMatchObject({ text: heading });
	});

	it('prints the case and the classification', () => {
		for (const s of [
			sub.accession,
			sub.description,
			sub.teachingPoint,
			'Lakeshore General',
			'Discrepancy',
			'Perception',
			'Addendum',
			'Missed nodule',
			'Section conference'
		])
			expect(text).toContain(s);
	});

	it('never names the submitter or the reader, nor carries their ids or the triage notes', () => {
		for (const s of [
			submitter.id,
			submitter.name,
			reader.id,
			reader.name,
			'person-chief',
			'Discussed'
		])
			expect(text).not.toContain(s);
	});

	it('prints the reader’s copy from the feedback case summary alone', () => {
		const f = feedbackFactory({ readerId: reader.id, senderId: 'person-chief' });
		const readerText = JSON.stringify(
			submissionPdfDefinition(pdfCaseFromFeedback(f, t), t, '2026-03-04')
		);
		expect(readerText).toContain(f.caseSummary.description);
		expect(readerText).toContain('Privileged and confidential');
		expect(readerText).not.toContain(reader.id);
		expect(readerText).not.toContain('person-chief');
	});

	it('is headed in French for French users', () => {
		const fdef = submissionPdfDefinition(
			pdfCaseFromSubmission(sub, (k) => lookup(fr, k), { site: 'Lakeshore', section: 'Thorax' }),
			(k) => lookup(fr, k),
			'2026-03-04'
		);
		expect(fdef.header.text).toMatch(/^Privilégié et confidentiel/);
	});

	it('omits the classification before triage, and names files safely', () => {
		const untriaged = pdfCaseFromSubmission({ ...sub, triage: emptyTriage() }, t, {
			site: 's',
			section: 'c'
		});
		expect(untriaged.classification).toEqual([]);
		expect(pdfFileName('LG2026/../0001')).toBe('peer-learning-LG20260001.pdf');
	});
});
