import { describe, expect, it } from 'vitest';
import { changedFields, authorizeWrite } from '@rounds/shared/sync/access';
import { personFactory, submissionFactory } from '@rounds/shared/testing/factories';
import { emptyTriage, type Submission } from '@rounds/shared/submissions/submission.schema';
import {
	ageInDays,
	defaultFilters,
	filterBoard,
	isTriager,
	sortBoard,
	triagesCase
} from './triage-board.ts';
import {
	defaultConferenceLevel,
	outstandingCareAction,
	triageChange,
	triageFormOf
} from './triage-form.ts';

const now = new Date('2026-03-31T12:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
const chief = personFactory({
	id: 'chief',
	roles: ['radiologist', 'section_chief'],
	chiefOfSectionIds: ['sec-chest']
});
const director = personFactory({ id: 'dir', roles: ['peer_learning_director'] });
const rad = personFactory({ id: 'rad' });

describe('who triages', () => {
	it('routes a case to the chiefs of its section and to the director', () => {
		const chest = submissionFactory({ sectionId: 'sec-chest' });
		const unrouted = submissionFactory({ sectionId: '' });
		expect(triagesCase(chief, chest)).toBe(true);
		expect(triagesCase(chief, unrouted)).toBe(false);
		expect(triagesCase(director, unrouted)).toBe(true);
		expect(triagesCase(rad, chest)).toBe(false);
		expect(triagesCase(director, { ...chest, status: 'draft' })).toBe(false);
		expect([chief, director, rad].map(isTriager)).toEqual([true, true, false]);
	});
});

describe('board filters and sorts', () => {
	const a = submissionFactory({
		id: 'a',
		submittedAt: daysAgo(2),
		modality: 'CT',
		reason: 'discrepancy'
	});
	const b = submissionFactory({
		id: 'b',
		submittedAt: daysAgo(20),
		modality: 'MR',
		reason: 'great-call',
		status: 'in-review',
		sectionId: 'sec-neuro'
	});
	const c = submissionFactory({
		id: 'c',
		submittedAt: daysAgo(45),
		modality: 'CT',
		reason: 'system-issue',
		status: 'closed',
		sectionId: ''
	});
	const all = [a, b, c];
	const ids = (xs: Submission[]) => xs.map((x) => x.id);

	it('shows open cases by default', () => {
		expect(ids(filterBoard(all, defaultFilters(), now))).toEqual(['a', 'b']);
	});

	it('filters by status, section (incl. unrouted), modality, reason and age', () => {
		const f = defaultFilters();
		expect(ids(filterBoard(all, { ...f, status: 'closed' }, now))).toEqual(['c']);
		expect(ids(filterBoard(all, { ...f, status: 'all', sectionId: '' }, now))).toEqual(['c']);
		expect(ids(filterBoard(all, { ...f, status: 'all', modality: 'CT' }, now))).toEqual(['a', 'c']);
		expect(ids(filterBoard(all, { ...f, reason: 'great-call' }, now))).toEqual(['b']);
		expect(ids(filterBoard(all, { ...f, status: 'all', age: 'week' }, now))).toEqual(['a']);
		expect(ids(filterBoard(all, { ...f, status: 'all', age: 'month' }, now))).toEqual(['b']);
		expect(ids(filterBoard(all, { ...f, status: 'all', age: 'older' }, now))).toEqual(['c']);
	});

	it('sorts oldest first by default, and by section name or modality', () => {
		expect(ids(sortBoard(all, 'oldest'))).toEqual(['c', 'b', 'a']);
		expect(ids(sortBoard(all, 'newest'))).toEqual(['a', 'b', 'c']);
		const names: Record<string, string> = {
			'': 'Unrouted',
			'sec-chest': 'Chest',
			'sec-neuro': 'Neuro'
		};
		expect(ids(sortBoard(all, 'section', (id) => names[id] ?? id))).toEqual(['a', 'b', 'c']);
		expect(ids(sortBoard(all, 'modality'))).toEqual(['c', 'a', 'b']);
	});

	it('measures age in whole days since submission', () => {
		expect(ageInDays(a, now)).toBe(2);
		expect(ageInDays({ submittedAt: null, createdAt: daysAgo(3) }, now)).toBe(3);
	});
});

describe('triage changes', () => {
	const sub = submissionFactory({
		id: 's',
		careAction: 'addendum',
		mayAffectCare: true,
		attested: true
	});
	const form = () => ({
		...triageFormOf(sub),
		findingType: ' Nodule ',
		errorCategory: 'perceptual' as const
	});
	const ctx = { person: () => undefined };

	it('moves a submitted case into review and records who triaged it', () => {
		const change = triageChange(sub, form(), 'save', 'chief', '2026-03-31T12:00:00.000Z');
		expect(change.status).toBe('in-review');
		expect(change.triage).toMatchObject({
			findingType: 'Nodule',
			errorCategory: 'perceptual',
			triagedById: 'chief',
			closedAt: null
		});
	});

	it('closes and reopens', () => {
		const closed = triageChange(sub, form(), 'close', 'chief', '2026-03-31T12:00:00.000Z');
		expect(closed.status).toBe('closed');
		expect(closed.triage.closedAt).toBe('2026-03-31T12:00:00.000Z');
		const after = { ...sub, ...closed };
		expect(
			triageChange(after, triageFormOf(after), 'save', 'chief', now.toISOString()).status
		).toBe('closed');
		const reopened = triageChange(after, triageFormOf(after), 'reopen', 'chief', now.toISOString());
		expect(reopened).toMatchObject({ status: 'in-review', triage: { closedAt: null } });
	});

	it('changes only what the server lets a chief change', () => {
		const next = {
			...sub,
			...triageChange(
				sub,
				{ ...form(), sectionId: 'sec-neuro' },
				'close',
				'chief',
				now.toISOString()
			)
		};
		expect(changedFields(sub, next).sort()).toEqual(['sectionId', 'status', 'triage']);
		expect(authorizeWrite('submissions', chief, sub, next, ctx)).toBeNull();
	});

	it('keeps only real care actions as done, and reports the outstanding one', () => {
		const f = { ...form(), actionsDone: ['none' as const] };
		expect(triageChange(sub, f, 'save', 'chief', now.toISOString()).triage.actionsDone).toEqual([]);
		expect(outstandingCareAction(sub, f)).toBe('addendum');
		expect(outstandingCareAction(sub, { actionsDone: ['addendum'] })).toBeNull();
		expect(outstandingCareAction({ careAction: 'none' }, { actionsDone: [] })).toBeNull();
	});

	it('sends system issues to the department conference by default', () => {
		expect(defaultConferenceLevel('system-issue')).toBe('department');
		expect(defaultConferenceLevel('discrepancy')).toBe('section');
	});

	it('starts from the stored triage', () => {
		const s = submissionFactory({
			triage: { ...emptyTriage(), qiInitiativeId: 'qi-1', actionsDone: ['addendum'] }
		});
		expect(triageFormOf(s)).toMatchObject({ qiInitiativeId: 'qi-1', actionsDone: ['addendum'] });
	});
});
