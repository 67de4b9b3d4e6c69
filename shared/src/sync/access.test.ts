import { describe, expect, it } from 'vitest';
import { authorizeWrite, principalsOf, readersOf, type WriteContext } from './access.ts';
import {
	examFactory,
	feedbackFactory,
	iqReviewFactory,
	personFactory,
	submissionFactory
} from '../testing/factories.ts';

const submitter = personFactory({ id: 'sub' });
const reader = personFactory({ id: 'reader' });
const chief = personFactory({
	id: 'chief',
	roles: ['radiologist', 'section_chief'],
	chiefOfSectionIds: ['sec-chest']
});
const leader = personFactory({ id: 'leader', roles: ['leadership_viewer'] });
const people = new Map([submitter, reader, chief, leader].map((p) => [p.id, p]));
const ctx: WriteContext = { person: (id) => people.get(id) };
const canRead = (p: typeof submitter, readers: string[]) =>
	principalsOf(p).some((x) => readers.includes(x));

describe('who reads a learning opportunity', () => {
	const submitted = submissionFactory({ submitterId: submitter.id, originalReaderId: reader.id });
	it('a draft is the submitter’s alone', () => {
		const draft = { ...submitted, status: 'draft' as const };
		expect(canRead(chief, readersOf('submissions', draft))).toBe(false);
		expect(canRead(submitter, readersOf('submissions', draft))).toBe(true);
	});
	it('a submitted case reaches the chief of its section, never the reader or leadership', () => {
		const r = readersOf('submissions', submitted);
		expect(canRead(chief, r)).toBe(true);
		expect(canRead(reader, r)).toBe(false);
		expect(canRead(leader, r)).toBe(false);
	});
	it('feedback reaches the reader only once sent, and never the submitter', () => {
		const draft = feedbackFactory({
			readerId: reader.id,
			senderId: chief.id,
			status: 'draft',
			sentAt: null
		});
		expect(canRead(reader, readersOf('feedback', draft))).toBe(false);
		const sent = { ...draft, status: 'sent' as const };
		expect(canRead(reader, readersOf('feedback', sent))).toBe(true);
		expect(canRead(submitter, readersOf('feedback', sent))).toBe(false);
	});
});

describe('who writes', () => {
	const base = submissionFactory({ submitterId: submitter.id });
	it('submitters submit as themselves only', () => {
		expect(authorizeWrite('submissions', submitter, null, base, ctx)).toBeNull();
		expect(authorizeWrite('submissions', reader, null, base, ctx)).toMatch(/yourself/);
	});
	it('a chief triages but cannot rewrite the case', () => {
		const triaged = { ...base, status: 'closed' as const, triage: { ...base.triage, notes: 'ok' } };
		expect(authorizeWrite('submissions', chief, base, triaged, ctx)).toBeNull();
		expect(authorizeWrite('submissions', chief, base, { ...base, description: 'x' }, ctx)).toMatch(
			/Triage cannot/
		);
	});
	it('the submitter cannot edit after submitting', () => {
		expect(
			authorizeWrite('submissions', submitter, base, { ...base, description: 'x' }, ctx)
		).toMatch(/no longer/);
	});
	it('the reader may acknowledge and reply, nothing else', () => {
		const fb = feedbackFactory({ readerId: reader.id, senderId: chief.id });
		const ack = {
			...fb,
			status: 'acknowledged' as const,
			acknowledgedAt: fb.sentAt,
			reply: 'Thanks'
		};
		expect(authorizeWrite('feedback', reader, fb, ack, ctx)).toBeNull();
		expect(authorizeWrite('feedback', reader, fb, { ...fb, message: 'edited' }, ctx)).toMatch(
			/acknowledge/
		);
	});
	it('feedback goes to radiologists only', () => {
		const fb = feedbackFactory({ readerId: leader.id, senderId: chief.id });
		expect(authorizeWrite('feedback', chief, null, fb, ctx)).toMatch(/radiologist/);
	});
	it('deactivated accounts write nothing', () => {
		expect(authorizeWrite('submissions', { ...submitter, active: false }, null, base, ctx)).toMatch(
			/deactivated/
		);
	});
});

describe('image-quality records', () => {
	const usLead = personFactory({
		id: 'us-lead',
		roles: ['modality_quality_lead'],
		leadOfModalities: ['US']
	});
	const sono = personFactory({ id: 'sono', roles: ['sonographer'], modalities: ['US'] });
	const support = personFactory({ id: 'support', roles: ['admin_support'] });

	it('a quality lead writes exams of their own modalities only', () => {
		const us = examFactory({ modality: 'US' });
		const ct = examFactory({ modality: 'CT' });
		expect(authorizeWrite('exams', usLead, null, us, ctx)).toBeNull();
		expect(authorizeWrite('exams', usLead, null, ct, ctx)).not.toBeNull();
		expect(authorizeWrite('exams', usLead, ct, { ...ct, modality: 'US' }, ctx)).not.toBeNull();
		expect(authorizeWrite('exams', support, null, ct, ctx)).toBeNull();
		expect(authorizeWrite('exams', sono, null, us, ctx)).not.toBeNull();
	});

	it('reviews: never one’s own exam; the reviewer answers but cannot reassign', () => {
		const r = iqReviewFactory({ reviewerId: 'sono', performerId: 'other' });
		expect(authorizeWrite('iq_reviews', usLead, null, { ...r, performerId: 'sono' }, ctx)).toBe(
			'Nobody reviews an exam they performed'
		);
		expect(authorizeWrite('iq_reviews', sono, null, r, ctx)).not.toBeNull();
		expect(
			authorizeWrite('iq_reviews', sono, r, { ...r, status: 'draft', ranking: 'Good' }, ctx)
		).toBeNull();
		expect(authorizeWrite('iq_reviews', sono, r, { ...r, status: 'reassigned' }, ctx)).toBe(
			'Only a quality lead can reassign a review'
		);
		expect(authorizeWrite('iq_reviews', sono, r, { ...r, reviewerId: 'x' }, ctx)).toBe(
			'Reviewers can answer the checklist, nothing else'
		);
		const gone = { ...r, status: 'reassigned' as const };
		expect(authorizeWrite('iq_reviews', sono, gone, { ...gone, ranking: 'Good' }, ctx)).toBe(
			'This review was reassigned to someone else'
		);
		expect(authorizeWrite('iq_reviews', usLead, r, { ...r, modality: 'CT' }, ctx)).toBe(
			'The modality of an assignment cannot change'
		);
	});
});
