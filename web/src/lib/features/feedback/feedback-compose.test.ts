import { describe, expect, it } from 'vitest';
import { authorizeWrite, changedFields } from '@rounds/shared/sync/access';
import { feedbackSchema } from '@rounds/shared/submissions/feedback.schema';
import {
	feedbackFactory,
	personFactory,
	submissionFactory
} from '@rounds/shared/testing/factories';
import {
	acknowledgeChange,
	caseSummaryOf,
	defaultKind,
	feedbackAbout,
	fillTemplate,
	loopStates,
	newFeedback,
	receivedBy,
	replyChange
} from './feedback-compose.ts';

const submitter = personFactory({ id: 'sub-author', name: 'Sam Submitter' });
const reader = personFactory({ id: 'reader' });
const chief = personFactory({
	id: 'chief',
	roles: ['radiologist', 'section_chief'],
	chiefOfSectionIds: ['sec-chest']
});
const people = new Map([submitter, reader, chief].map((p) => [p.id, p]));
const ctx = { person: (id: string) => people.get(id) };
const sub = submissionFactory({
	id: 'case-1',
	submitterId: submitter.id,
	originalReaderId: reader.id,
	triage: { ...submissionFactory().triage, notes: 'Sam Submitter called me about it' }
});

describe('case summary and template', () => {
	it('copies only the case, never the submitter or triage notes', () => {
		const summary = caseSummaryOf(sub);
		expect(Object.keys(summary).sort()).toEqual([
			'accession',
			'description',
			'modality',
			'reason',
			'teachingPoint'
		]);
		expect(JSON.stringify(summary)).not.toContain(submitter.id);
		expect(JSON.stringify(summary)).not.toContain('Sam');
	});

	it('fills known placeholders and leaves unknown ones visible', () => {
		const text = fillTemplate(
			'Case {accession} ({modality}, {reason}): {teachingPoint} {unknown}',
			caseSummaryOf(sub),
			{ modality: 'CT', reason: 'Discrepancy' }
		);
		expect(text).toBe(`Case ${sub.accession} (CT, Discrepancy): ${sub.teachingPoint} {unknown}`);
	});

	it('suggests recognition for great calls', () => {
		expect(defaultKind('great-call')).toBe('recognition');
		expect(defaultKind('discrepancy')).toBe('feedback');
	});
});

describe('sending feedback', () => {
	const sent = newFeedback({
		id: 'fb-1',
		now: '2026-03-03T10:00:00.000Z',
		submission: sub,
		senderId: chief.id,
		kind: 'feedback',
		message: '  Thanks for looking at this with us.  ',
		summary: { ...caseSummaryOf(sub), description: ' Edited description ' }
	});

	it('creates a valid, sent document without the submitter that the server accepts', () => {
		expect(sent).not.toBeNull();
		if (!sent) return;
		expect(feedbackSchema.safeParse(sent).success).toBe(true);
		expect(sent).toMatchObject({
			status: 'sent',
			sentAt: '2026-03-03T10:00:00.000Z',
			readerId: 'reader',
			sectionId: 'sec-chest',
			message: 'Thanks for looking at this with us.'
		});
		expect(sent.caseSummary.description).toBe('Edited description');
		expect(JSON.stringify(sent)).not.toContain(submitter.id);
		expect(authorizeWrite('feedback', chief, null, sent, ctx)).toBeNull();
	});

	it('needs an original reader', () => {
		expect(
			newFeedback({
				id: 'x',
				now: '2026-03-03T10:00:00.000Z',
				submission: { ...sub, originalReaderId: null },
				senderId: chief.id,
				kind: 'feedback',
				message: 'm',
				summary: caseSummaryOf(sub)
			})
		).toBeNull();
	});
});

describe('the reader closes the loop', () => {
	const f = feedbackFactory({ readerId: reader.id, senderId: chief.id });

	it('acknowledges with only the fields a reader may change', () => {
		const next = { ...f, ...acknowledgeChange(f, '2026-03-04T08:00:00.000Z') };
		expect(next.status).toBe('acknowledged');
		expect(changedFields(f, next).sort()).toEqual(['acknowledgedAt', 'status']);
		expect(authorizeWrite('feedback', reader, f, next, ctx)).toBeNull();
	});

	it('replies (which also acknowledges), keeping the first acknowledgement time', () => {
		const acked = { ...f, ...acknowledgeChange(f, '2026-03-04T08:00:00.000Z') };
		const change = replyChange(acked, '  Thanks, noted. ', '2026-03-05T08:00:00.000Z');
		expect(change).toEqual({
			status: 'acknowledged',
			acknowledgedAt: '2026-03-04T08:00:00.000Z',
			reply: 'Thanks, noted.',
			repliedAt: '2026-03-05T08:00:00.000Z'
		});
		expect(authorizeWrite('feedback', reader, acked, { ...acked, ...change }, ctx)).toBeNull();
		expect(replyChange(f, '   ', '2026-03-05T08:00:00.000Z')).toBeNull();
		expect(replyChange(f, 'x'.repeat(2001), '2026-03-05T08:00:00.000Z')).toBeNull();
	});
});

describe('lists and loop state', () => {
	const a = feedbackFactory({
		id: 'a',
		submissionId: 's1',
		readerId: 'r',
		sentAt: '2026-03-01T00:00:00.000Z'
	});
	const b = feedbackFactory({
		id: 'b',
		submissionId: 's1',
		readerId: 'r',
		sentAt: '2026-03-02T00:00:00.000Z',
		acknowledgedAt: '2026-03-03T00:00:00.000Z',
		status: 'acknowledged'
	});
	const c = feedbackFactory({
		id: 'c',
		submissionId: 's2',
		readerId: 'r',
		sentAt: '2026-03-04T00:00:00.000Z',
		acknowledgedAt: '2026-03-04T01:00:00.000Z',
		repliedAt: '2026-03-04T01:00:00.000Z',
		reply: 'ok',
		status: 'acknowledged'
	});
	const d = feedbackFactory({
		id: 'd',
		submissionId: 's3',
		readerId: 'other',
		status: 'draft',
		sentAt: null
	});

	it('reports the newest sent feedback’s loop state per case', () => {
		const states = loopStates([a, b, c, d]);
		expect(states.get('s1')).toBe('acknowledged');
		expect(states.get('s2')).toBe('replied');
		expect(states.has('s3')).toBe(false);
	});

	it('lists a case’s feedback newest first', () => {
		expect(feedbackAbout([a, b, c], 's1').map((f) => f.id)).toEqual(['b', 'a']);
	});

	it('lists what a reader received, unacknowledged first', () => {
		expect(receivedBy([a, b, c, d], 'r').map((f) => f.id)).toEqual(['a', 'c', 'b']);
	});
});
