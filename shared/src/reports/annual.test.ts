import { describe, expect, it } from 'vitest';
import type { Settings } from '../org/settings.schema.ts';
import { iqReviewFactory, personFactory } from '../testing/factories.ts';
import { toAnalyticsReview, type AnalyticsReview } from '../reviews/analytics.ts';
import type { TargetPolicy } from './targets.ts';
import {
	annualSettings,
	computeAnnualReport,
	computeOppe,
	oppeRecords,
	percent,
	type AnnualConference,
	type AnnualInput,
	type AnnualQi,
	type AnnualSubmission
} from './annual.ts';

/** Source 002's first sample policy, with division targets from its second (chest: 1). */
const policy: TargetPolicy = {
	year: 2025,
	version: 1,
	editedById: '',
	note: '',
	supersededAt: null,
	attendance: {
		total: { minimum: 3, encouraged: 10 },
		department: { minimum: 0, encouraged: null },
		subspecialty: { minimum: 0, encouraged: null }
	},
	submissions: { per: 'month', count: 1, prorateByFte: true },
	conferences: {
		total: null,
		department: 2,
		perSection: 4,
		sections: [{ sectionId: 'sec-chest', count: 1 }]
	},
	iqReviews: { perReviewer: 4, period: 'month' },
	reminders: { midPeriodDay: 15, upcomingConferences: true }
};

const joined = { createdAt: '2024-01-01T12:00:00.000Z', updatedAt: '2024-01-01T12:00:00.000Z' };
const A = personFactory({ id: 'rad-avery', name: 'Avery Ashford', ...joined });
const B = personFactory({ id: 'rad-blake', name: 'Blake Belanger', fte: 0.5, ...joined });
const C = personFactory({ id: 'rad-casey', name: 'Casey Castellan', ...joined });
const D = personFactory({ id: 'tech-drew', name: 'Drew Dufresne', roles: ['technologist'] });
/** Joined on 1 July: half a year of targets (6 submissions, 2 of the 3 conferences). */
const E = personFactory({
	id: 'rad-emery',
	name: 'Emery Ellery',
	createdAt: '2025-07-01T10:00:00.000Z',
	updatedAt: '2025-07-01T10:00:00.000Z'
});
/** Left in 2024 and joined in 2026: outside the year. */
const F = personFactory({
	id: 'rad-frankie',
	name: 'Frankie Fairbank',
	active: false,
	createdAt: '2020-01-01T12:00:00.000Z',
	updatedAt: '2024-06-01T12:00:00.000Z'
});
const G = personFactory({
	id: 'rad-gale',
	name: 'Gale Gauthier',
	createdAt: '2026-01-10T12:00:00.000Z',
	updatedAt: '2026-01-10T12:00:00.000Z'
});
const people = [A, B, C, D, E, F, G];

const monthly = (who: string, months: number[]): AnnualSubmission[] =>
	months.map((m) => ({
		submitterId: who,
		status: 'closed',
		submittedAt: `2025-${String(m).padStart(2, '0')}-15T10:00:00.000Z`
	}));
const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);
const submissions: AnnualSubmission[] = [
	...monthly(A.id, range(1, 12)),
	...monthly(B.id, range(1, 6)),
	...monthly(C.id, range(1, 11)),
	...monthly(E.id, range(7, 12)),
	{ submitterId: A.id, status: 'draft', submittedAt: '2025-03-03T10:00:00.000Z' },
	{ submitterId: A.id, status: 'submitted', submittedAt: '2024-12-31T15:00:00.000Z' },
	{ submitterId: G.id, status: 'submitted', submittedAt: '2026-01-20T15:00:00.000Z' },
	// New Year's Eve in Toronto, New Year's Day in UTC.
	{ submitterId: C.id, status: 'submitted', submittedAt: '2026-01-01T03:00:00.000Z' }
];

const conf = (
	id: string,
	kind: AnnualConference['kind'],
	sectionId: string,
	day: string,
	cases: number,
	status: AnnualConference['status'] = 'held'
): AnnualConference => ({
	id,
	kind,
	sectionId,
	modality: kind === 'iq-rounds' ? 'XR' : '',
	startsAt: `${day}T15:00:00.000Z`,
	status,
	cases
});
const conferences: AnnualConference[] = [
	conf('cs1', 'section', 'sec-chest', '2025-02-10', 3),
	conf('cs2', 'section', 'sec-chest', '2025-05-10', 2),
	conf('cs3', 'section', 'sec-chest', '2025-08-10', 0, 'cancelled'),
	conf('ca1', 'section', 'sec-abdo', '2025-03-10', 5),
	conf('ca2', 'section', 'sec-abdo', '2025-04-10', 1),
	conf('ca3', 'section', 'sec-abdo', '2025-06-10', 1),
	conf('ca4', 'section', 'sec-abdo', '2025-09-10', 1),
	conf('ca5', 'section', 'sec-abdo', '2025-11-10', 1),
	conf('cd1', 'department', '', '2025-06-20', 4),
	conf('iq1', 'iq-rounds', '', '2025-07-08', 2),
	conf('iq2', 'iq-rounds', '', '2025-10-08', 0),
	conf('c-next', 'section', 'sec-chest', '2026-01-15', 3)
];
const attend = (who: string, ids: string[]) =>
	ids.map((conferenceId) => ({ conferenceId, userId: who }));
const attendance = [
	...attend(A.id, ['cs1', 'cs2', 'cd1']),
	...attend(B.id, ['ca1', 'ca2']),
	// Ten counted; the cancelled one and next year's do not count.
	...attend(C.id, [...conferences.map((c) => c.id)]),
	...attend(E.id, ['ca5']),
	// A duplicate record counts once.
	...attend(B.id, ['ca1'])
];

const qiRow = (over: Partial<AnnualQi>): AnnualQi => ({
	title: 'QI',
	status: 'active',
	originKind: 'submission',
	startedOn: null,
	completedOn: null,
	outcome: '',
	createdAt: '2025-01-01T12:00:00.000Z',
	...over
});
const qi: AnnualQi[] = [
	qiRow({
		title: 'Satellite priors in PACS',
		status: 'completed',
		startedOn: '2025-03-01',
		completedOn: '2025-09-01',
		outcome: 'Priors arrive within 5 minutes.'
	}),
	qiRow({ title: 'Adrenal follow-up wording', originKind: 'conference', startedOn: '2024-05-01' }),
	qiRow({
		title: 'Finished before the year',
		status: 'completed',
		startedOn: '2023-01-01',
		completedOn: '2024-12-31'
	}),
	qiRow({ title: 'Not from peer learning', originKind: 'other', startedOn: '2025-02-01' }),
	qiRow({
		title: 'Proposed: MG positioning refresher',
		status: 'proposed',
		originKind: 'iq-review',
		createdAt: '2025-11-02T12:00:00.000Z'
	}),
	qiRow({ title: 'Abandoned in 2024', status: 'abandoned', startedOn: '2024-03-01' })
];

const review = (over: Parameters<typeof iqReviewFactory>[0]): AnalyticsReview =>
	toAnalyticsReview(iqReviewFactory({ performedAt: '2025-05-05T09:00:00.000Z', ...over }));
const closedEscalation = {
	status: 'closed' as const,
	assessment: 'agree' as const,
	radiologistConfirmation: '',
	repeatImaging: 'not-required' as const,
	repeatCoordination: '',
	incidentRef: '',
	result: 'Discussed',
	learningNote: '',
	steps: []
};
const iqReviews = [
	review({ status: 'submitted', attentionRequired: true, escalation: closedEscalation }),
	review({ status: 'submitted' }),
	review({ status: 'assigned' }),
	review({ modality: 'CT', status: 'declined' }),
	review({ modality: 'CT', status: 'reassigned' }),
	review({ modality: 'XR', status: 'submitted', performedAt: '2024-12-30T09:00:00.000Z' })
];

const input = (over: Partial<AnnualInput> = {}): AnnualInput => ({
	year: 2025,
	now: new Date('2026-02-01T12:00:00.000Z'),
	timeZone: 'UTC',
	policy,
	people,
	submissions,
	conferences,
	attendance,
	qi,
	iqReviews,
	sections: [
		{ id: 'sec-chest', name: 'Chest' },
		{ id: 'sec-abdo', name: 'Abdominal' }
	],
	...over
});

describe('annual report figures', () => {
	const r = computeAnnualReport(input());

	it('counts the learning opportunities submitted in the year (no drafts, no other years)', () => {
		expect(r.totalSubmissions).toBe(12 + 6 + 11 + 6);
		expect(r).toMatchObject({ year: 2025, asOf: '2025-12-31', complete: true });
	});

	it('counts radiologists meeting the attendance and the FTE-prorated submission requirements', () => {
		// A, B, C and E (joined in July) were in the program; D is a technologist, F and G were not.
		expect(r.radiologists).toBe(4);
		// A (3 of 3) and C (10) meet it; B (2 of 3) and E (1 of a prorated 2) do not.
		expect(r.attendance).toEqual({ met: 2, of: 4, rate: 0.5 });
		// Only C reaches the encouraged 10.
		expect(r.attendanceEncouraged).toEqual({ met: 1, of: 4, rate: 0.25 });
		// A 12 of 12, B 6 of 6 (0.5 FTE), E 6 of 6 (half a year); C 11 of 12 misses.
		expect(r.submissions).toEqual({ met: 3, of: 4, rate: 0.75 });
	});

	it('reads calendar days in the time zone it is given', () => {
		const toronto = computeAnnualReport(input({ timeZone: 'America/Toronto' }));
		// C's New Year's Eve case counts in Toronto, and brings C to 12 of 12.
		expect(toronto.totalSubmissions).toBe(r.totalSubmissions + 1);
		expect(toronto.submissions).toEqual({ met: 4, of: 4, rate: 1 });
	});

	it('lists conferences offered, cases presented and targets per division, then department-wide', () => {
		expect(
			r.divisions.map((d) => [d.key, d.name, d.offered, d.casesPresented, d.target, d.met])
		).toEqual([
			['sec-abdo', 'Abdominal', 5, 9, 4, true],
			['sec-chest', 'Chest', 2, 5, 1, true],
			['department', '', 1, 4, 2, false]
		]);
		expect(r.divisionTotals).toEqual({ offered: 8, casesPresented: 18, target: 7 });
		expect(r.iq.roundsHeld).toBe(2);
	});

	it('lists the QI initiatives from peer learning under way in the year, without links', () => {
		expect(r.qi.map((q) => q.title)).toEqual([
			'Adrenal follow-up wording',
			'Satellite priors in PACS',
			'Proposed: MG positioning refresher'
		]);
		expect(r.qi[1]).toEqual({
			title: 'Satellite priors in PACS',
			status: 'completed',
			originKind: 'submission',
			startedOn: '2025-03-01',
			completedOn: '2025-09-01',
			outcome: 'Priors arrive within 5 minutes.'
		});
	});

	it('gives the image-quality program per modality: assigned, completed, attention, escalations', () => {
		expect(r.iq.totals).toEqual({
			assigned: 4,
			completed: 2,
			completion: 0.5,
			attention: 1,
			escalationsClosed: 1
		});
		expect(r.iq.byModality.map((m) => m.modality)).toEqual(['XR', 'CT', 'MR', 'US', 'MG', 'NM']);
		expect(r.iq.byModality.find((m) => m.modality === 'US')).toEqual({
			modality: 'US',
			assigned: 3,
			completed: 2,
			completion: 2 / 3,
			attention: 1,
			escalationsClosed: 1
		});
		expect(r.iq.byModality.find((m) => m.modality === 'XR')?.completion).toBeNull();
	});

	it('names nobody: no person id or name leaves the computation', () => {
		const text = JSON.stringify(r);
		for (const p of people) {
			expect(text).not.toContain(p.id);
			expect(text).not.toContain(p.name);
		}
		expect(text).not.toContain('p-reviewer');
		expect(text).not.toContain('LG26000001');
	});

	it('reports a year under way up to today, against whole-year targets', () => {
		const june = computeAnnualReport(input({ now: new Date('2025-06-30T18:00:00.000Z') }));
		expect(june).toMatchObject({ asOf: '2025-06-30', complete: false });
		expect(june.totalSubmissions).toBe(6 + 6 + 6);
		expect(june.divisions.find((d) => d.key === 'sec-abdo')?.offered).toBe(3);
		// Whole-year targets: only B (0.5 FTE, 6 of 6 by June) has reached one; E has not joined.
		expect(june.submissions).toEqual({ met: 1, of: 3, rate: 1 / 3 });
	});

	it('reports the figures without targets when the year has no policy', () => {
		const none = computeAnnualReport(input({ policy: null }));
		expect(none.radiologists).toBe(4);
		expect([none.attendance, none.attendanceEncouraged, none.submissions]).toEqual([
			null,
			null,
			null
		]);
		expect(none.divisions.every((d) => d.target === null && d.met === null)).toBe(true);
		expect(none.divisionTotals.target).toBeNull();
		expect(none.totalSubmissions).toBe(r.totalSubmissions);
	});

	it('prints percentages as whole numbers, half up', () => {
		expect([percent(0.125), percent(2 / 3), percent(0.005), percent(null)]).toEqual([
			13,
			67,
			1,
			null
		]);
	});
});

describe('annual settings', () => {
	const doc = (over: Partial<Settings>): Settings => ({
		id: 'x',
		createdAt: '2025-01-01T00:00:00.000Z',
		updatedAt: '2025-01-01T00:00:00.000Z',
		kind: 'section',
		name: 'Chest',
		active: true,
		data: { code: 'CHE', modalities: ['XR'] },
		...over
	});
	it('takes active sections and the policy in force for the year', () => {
		const s = annualSettings(
			[
				doc({ id: 'sec-chest' }),
				doc({ id: 'sec-old', name: 'Old', active: false }),
				doc({ id: 'policy-2025', kind: 'target-policy', name: 'Targets', data: policy }),
				doc({
					id: 'policy-2024',
					kind: 'target-policy',
					name: 'Targets',
					data: { ...policy, year: 2024 }
				})
			],
			2025
		);
		expect(s.sections).toEqual([{ id: 'sec-chest', name: 'Chest' }]);
		expect(s.policy).toEqual(policy);
		expect(annualSettings([], 2025).policy).toBeNull();
	});
});

describe('OPPE participation export', () => {
	const rows = computeOppe({
		year: 2025,
		now: new Date('2026-02-01T12:00:00.000Z'),
		timeZone: 'UTC',
		people,
		submissions,
		conferences,
		attendance
	});

	it('has one row per radiologist in the program per month, zeros included', () => {
		// A, B, C for 12 months; E from July.
		expect(rows).toHaveLength(12 * 3 + 6);
		expect([...new Set(rows.map((r) => r.name))]).toEqual([A.name, B.name, C.name, E.name]);
		expect(rows.filter((r) => r.personId === E.id)[0]?.month).toBe('2025-07');
		expect(rows.find((r) => r.personId === A.id && r.month === '2025-02')).toMatchObject({
			submissions: 1,
			conferencesAttended: 1
		});
		expect(rows.find((r) => r.personId === B.id && r.month === '2025-12')).toMatchObject({
			submissions: 0,
			conferencesAttended: 0
		});
		// C: cancelled conference in August not counted; the duplicate of B's counted once.
		expect(
			rows.find((r) => r.personId === C.id && r.month === '2025-08')?.conferencesAttended
		).toBe(0);
		expect(
			rows.find((r) => r.personId === B.id && r.month === '2025-03')?.conferencesAttended
		).toBe(1);
		const total = rows.reduce((n, r) => n + r.submissions, 0);
		expect(total).toBe(35);
	});

	it('writes participation columns only', () => {
		const [first] = oppeRecords(rows);
		expect(Object.keys(first!)).toEqual([
			'radiologist',
			'email',
			'month',
			'submissions',
			'conferences_attended'
		]);
	});
});
