import { describe, expect, it } from 'vitest';
import { caseSchema } from '@rounds/shared/conferences/conference.schema';
import { iqReviewFactory, submissionFactory } from '@rounds/shared/testing/factories';
import { newCaseFrom, suggestedTitle } from './new-case.ts';

const NOW = '2026-03-02T09:00:00.000Z';

describe('newCaseFrom', () => {
	it('creates an empty, valid case that copies nothing from a submission', () => {
		const sub = submissionFactory({
			modality: 'CT',
			reason: 'discrepancy',
			accession: 'LG26001234',
			description: 'Missed nodule, patient Jane Doe',
			teachingPoint: 'Check the apices',
			originalReaderId: 'reader-1'
		});
		const c = newCaseFrom({ kind: 'submission', doc: sub }, 'conf-1', 'lead-1', NOW, {
			id: 'case-1'
		});
		expect(caseSchema.parse(c)).toEqual(c);
		expect(c).toMatchObject({
			id: 'case-1',
			conferenceId: 'conf-1',
			authorId: 'lead-1',
			sourceKind: 'submission',
			sourceId: sub.id,
			title: 'CT — discrepancy',
			history: '',
			findings: '',
			discussion: '',
			teachingPoints: '',
			speakerNotes: '',
			images: [],
			acceptedHits: [],
			gatePassedAt: null,
			createdAt: NOW,
			updatedAt: NOW
		});
		const text = JSON.stringify(c);
		for (const leaked of [sub.accession, 'Jane', 'apices', 'reader-1', sub.submitterId])
			expect(text).not.toContain(leaked);
	});

	it('titles IQ reviews and other cases neutrally, in French too', () => {
		const iq = iqReviewFactory({ modality: 'MR', examDescription: 'MR brain for J. Doe' });
		const c = newCaseFrom({ kind: 'iq-review', doc: iq }, 'conf-1', 'lead-1', NOW, {
			locale: 'fr'
		});
		expect(c.title).toBe('MR — qualité d’image');
		expect(c.sourceId).toBe(iq.id);
		expect(JSON.stringify(c)).not.toContain('Doe');
		expect(c.id).toMatch(/^case-[0-9a-f-]{36}$/);
		expect(caseSchema.safeParse(c).success).toBe(true);
		const other = newCaseFrom({ kind: 'other' }, 'conf-1', 'lead-1', NOW);
		expect(other).toMatchObject({ sourceKind: 'other', sourceId: '', title: 'New case' });
		expect(
			suggestedTitle({ kind: 'submission', doc: { id: 's', modality: 'US', reason: 'great-call' } })
		).toBe('US — great call');
	});
});
