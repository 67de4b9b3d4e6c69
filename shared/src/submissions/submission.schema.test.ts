import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkSubmission, submissionSchema, type SubmissionContext } from './submission.schema.ts';
import { submissionFactory } from '../testing/factories.ts';

const ctx: SubmissionContext = {
	accessionPatternOf: (site) => (site === 'site-lg' ? 'LG\\d{8}' : undefined),
	isRadiologist: (id) => id === 'rad-2'
};
const fields = (d: Parameters<typeof checkSubmission>[0]) =>
	checkSubmission(d, ctx).map((e) => e.field);

describe('checkSubmission', () => {
	it('accepts a complete submission', () => {
		expect(checkSubmission(submissionFactory(), ctx)).toEqual([]);
	});
	it('checks the accession number against the site pattern, whole string only', () => {
		expect(fields(submissionFactory({ accession: 'LG1234' }))).toEqual(['accession']);
		expect(fields(submissionFactory({ accession: 'xLG12345678' }))).toEqual(['accession']);
		fc.assert(
			fc.property(
				fc.stringMatching(/^LG\d{8}$/),
				(acc) => fields(submissionFactory({ accession: acc })).length === 0
			)
		);
	});
	it('requires action and attestation when care may be affected', () => {
		expect(fields(submissionFactory({ mayAffectCare: true }))).toEqual(['careAction', 'attested']);
		expect(
			fields(submissionFactory({ mayAffectCare: true, careAction: 'addendum', attested: true }))
		).toEqual([]);
	});
	it('requires the original reader to be a radiologist', () => {
		expect(fields(submissionFactory({ originalReaderId: 'tech-1' }))).toEqual(['originalReaderId']);
		expect(fields(submissionFactory({ originalReaderId: 'rad-2' }))).toEqual([]);
	});
	it('lets drafts be incomplete', () => {
		expect(
			checkSubmission(submissionFactory({ status: 'draft', accession: '', description: '' }), ctx)
		).toEqual([]);
	});
	it('bounds free text', () => {
		expect(
			submissionSchema.safeParse(submissionFactory({ description: 'x'.repeat(2001) })).success
		).toBe(false);
	});
});
