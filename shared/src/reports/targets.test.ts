import { describe, expect, it } from 'vitest';
import { targetPolicyData, type Settings } from '../org/settings.schema.ts';
import {
	attendanceTargets,
	conferenceTargets,
	currentPolicy,
	dayOf,
	everyonesProgress,
	iqReviewTarget,
	meetsAttendanceTarget,
	meetsEncouragedAttendance,
	meetsSubmissionTarget,
	periodContaining,
	personProgress,
	policyDocId,
	policyVersions,
	submissionTarget,
	workWeeksIn,
	type PersonForTargets,
	type ProgressData,
	type TargetPolicy
} from './targets.ts';

const TZ = 'UTC';

/** Source 002, first sample: ≥ 3 conferences a year, ≥ 1 submission a month, 6 offered. */
export const SAMPLE_MONTHLY: TargetPolicy = {
	year: 2026,
	version: 1,
	editedById: '',
	note: '',
	supersededAt: null,
	attendance: {
		total: { minimum: 3, encouraged: null },
		department: { minimum: 0, encouraged: null },
		subspecialty: { minimum: 0, encouraged: null }
	},
	submissions: { per: 'month', count: 1, prorateByFte: false },
	conferences: { total: 6, department: 0, perSection: 0, sections: [] },
	iqReviews: { perReviewer: 0, period: 'month' },
	reminders: { midPeriodDay: 15, upcomingConferences: true }
};

/**
 * Source 002, second sample: minimum 6 conferences (2 department-wide, 3 subspecialty),
 * encouraged 10 (4, 4); 1 submission per work week per full-time radiologist, prorated; 4
 * conferences per division and 4 department-wide (28 in all with six divisions).
 */
export const SAMPLE_WEEKLY: TargetPolicy = {
	year: 2026,
	version: 1,
	editedById: '',
	note: '',
	supersededAt: null,
	attendance: {
		total: { minimum: 6, encouraged: 10 },
		department: { minimum: 2, encouraged: 4 },
		subspecialty: { minimum: 3, encouraged: 4 }
	},
	submissions: { per: 'work-week', count: 1, prorateByFte: true },
	conferences: { total: null, department: 4, perSection: 4, sections: [] },
	iqReviews: { perReviewer: 4, period: 'quarter' },
	reminders: { midPeriodDay: 3, upcomingConferences: true }
};

const person = (over: Partial<PersonForTargets> = {}): PersonForTargets => ({
	id: 'u-rad',
	roles: ['radiologist'],
	fte: 1,
	sectionIds: ['sec-chest'],
	active: true,
	createdAt: '2020-01-01T00:00:00.000Z',
	updatedAt: '2020-01-01T00:00:00.000Z',
	...over
});

describe('policy validation', () => {
	it('expresses both sample policies of source 002', () => {
		expect(targetPolicyData.safeParse(SAMPLE_MONTHLY).success).toBe(true);
		expect(targetPolicyData.safeParse(SAMPLE_WEEKLY).success).toBe(true);
	});

	const messages = (p: unknown) => {
		const r = targetPolicyData.safeParse(p);
		return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
	};

	it('refuses a minimum above its encouraged level, naming both', () => {
		const p = structuredClone(SAMPLE_WEEKLY);
		p.attendance.department = { minimum: 5, encouraged: 4 };
		expect(messages(p)).toEqual([
			'attendance.department.encouraged: Department-wide attendance: the minimum (5) is above the encouraged level (4)'
		]);
	});

	it('refuses negative numbers and fractions of conferences', () => {
		const p = structuredClone(SAMPLE_WEEKLY);
		p.attendance.total.minimum = -1;
		p.submissions.count = -0.5;
		p.conferences.perSection = 2.5;
		expect(messages(p)).toEqual([
			'attendance.total.minimum: Total attendance minimum: use 0 or more',
			'submissions.count: Submissions: use 0 or more',
			'conferences.perSection: Conferences offered per division: use a whole number'
		]);
	});

	it('refuses a year out of range', () => {
		expect(messages({ ...SAMPLE_MONTHLY, year: 1999 })).toEqual([
			'year: Year: use a year from 2000 to 2100'
		]);
		expect(messages({ ...SAMPLE_MONTHLY, year: 2101 })).toHaveLength(1);
	});

	it('refuses a weekly reminder day past Friday and a division listed twice', () => {
		const p = structuredClone(SAMPLE_WEEKLY);
		p.reminders.midPeriodDay = 15;
		p.conferences.sections = [
			{ sectionId: 'sec-a', count: 2 },
			{ sectionId: 'sec-a', count: 3 }
		];
		expect(messages(p)).toEqual([
			'reminders.midPeriodDay: Reminder day: for weekly targets use a weekday from 1 (Monday) to 5 (Friday)',
			'conferences.sections.1.sectionId: A division is listed twice'
		]);
	});
});

describe('calendar', () => {
	it('counts 52 or 53 work weeks (weeks whose Monday is in the year)', () => {
		expect(workWeeksIn(2026)).toBe(52); // first Monday Jan 5, last Dec 28
		expect(workWeeksIn(2024)).toBe(53); // leap year starting on a Monday
		expect(workWeeksIn(2029)).toBe(53); // starts on a Monday, not leap
		expect(workWeeksIn(2027)).toBe(52);
	});

	it('puts the days before the first Monday in the previous year’s last week', () => {
		// 2026-01-01 is a Thursday: its week began Monday 2025-12-29, 2025's 52nd and last.
		expect(periodContaining('work-week', '2026-01-01').id).toBe('2025-W52');
		expect(periodContaining('work-week', '2026-01-05').id).toBe('2026-W01');
		expect(periodContaining('quarter', '2026-05-31').id).toBe('2026-Q2');
	});

	it('reads days in the given time zone', () => {
		// 02:30 UTC on Jan 1 is still Dec 31 in Toronto.
		expect(dayOf('2026-01-01T02:30:00Z', 'UTC')).toBe('2026-01-01');
		expect(dayOf('2026-01-01T02:30:00Z', 'America/Toronto')).toBe('2025-12-31');
		expect(dayOf('not a date', 'UTC')).toBeNull();
	});
});

describe('submission targets', () => {
	it('monthly, not prorated (sample 1): 12 for everyone in the program all year', () => {
		expect(submissionTarget(SAMPLE_MONTHLY, person(), 2026, TZ)).toBe(12);
		expect(submissionTarget(SAMPLE_MONTHLY, person({ fte: 0.5 }), 2026, TZ)).toBe(12);
	});

	it('weekly, prorated by FTE (sample 2)', () => {
		// 1 × 1.0 × 52 = 52
		expect(submissionTarget(SAMPLE_WEEKLY, person(), 2026, TZ)).toBe(52);
		// 1 × 0.8 × 52 = 41.6 → 42
		expect(submissionTarget(SAMPLE_WEEKLY, person({ fte: 0.8 }), 2026, TZ)).toBe(42);
		// 2024 has 53 work weeks: 1 × 0.5 × 53 = 26.5 → 27 (half up)
		expect(submissionTarget(SAMPLE_WEEKLY, { ...person({ fte: 0.5 }) }, 2024, TZ)).toBe(27);
		// 0.25 × 52 = 13
		expect(submissionTarget(SAMPLE_WEEKLY, person({ fte: 0.25 }), 2026, TZ)).toBe(13);
	});

	it('prorates part-year staff by the share of each period they were here', () => {
		// Joined Wed 2026-07-01: week of Mon Jun 29 counts Wed–Fri = 3/5 = 0.6, then 26 full
		// weeks (Mondays Jul 6 … Dec 28): 26.6 → 27.
		const joinedJuly = person({ createdAt: '2026-07-01T09:00:00Z' });
		expect(submissionTarget(SAMPLE_WEEKLY, joinedJuly, 2026, TZ)).toBe(27);
		// Monthly: July to December = 6 months.
		expect(submissionTarget(SAMPLE_MONTHLY, joinedJuly, 2026, TZ)).toBe(6);
		// Joined Jul 16: July counts 16/31 = 0.516, + 5 months = 5.52 → 6.
		const mid = person({ createdAt: '2026-07-16T09:00:00Z' });
		expect(submissionTarget(SAMPLE_MONTHLY, mid, 2026, TZ)).toBe(6);
		// Joined Jul 20: 12/31 = 0.387 + 5 = 5.39 → 5.
		expect(
			submissionTarget(SAMPLE_MONTHLY, person({ createdAt: '2026-07-20T09:00:00Z' }), 2026, TZ)
		).toBe(5);
		// Left (deactivated) on Tue 2026-03-31: Jan–Mar = 3 months; the year before: all 12.
		const left = person({ active: false, updatedAt: '2026-03-31T17:00:00Z' });
		expect(submissionTarget(SAMPLE_MONTHLY, left, 2026, TZ)).toBe(3);
		expect(submissionTarget(SAMPLE_MONTHLY, left, 2025, TZ)).toBe(12);
		// Not in the program that year at all, or not a radiologist: no target.
		expect(submissionTarget(SAMPLE_MONTHLY, left, 2027, TZ)).toBeNull();
		expect(submissionTarget(SAMPLE_MONTHLY, joinedJuly, 2025, TZ)).toBeNull();
		expect(
			submissionTarget(SAMPLE_MONTHLY, person({ roles: ['technologist'] }), 2026, TZ)
		).toBeNull();
	});

	it('is met by reaching the whole target', () => {
		const half = person({ fte: 0.5 });
		expect(meetsSubmissionTarget(SAMPLE_WEEKLY, half, 2026, 26, TZ)).toBe(true);
		expect(meetsSubmissionTarget(SAMPLE_WEEKLY, half, 2026, 25, TZ)).toBe(false);
		expect(meetsSubmissionTarget(SAMPLE_WEEKLY, person({ roles: [] }), 2026, 0, TZ)).toBe(true);
	});
});

describe('attendance targets', () => {
	it('sample 1: 3 a year, no encouraged level', () => {
		const t = attendanceTargets(SAMPLE_MONTHLY, person(), 2026, TZ)!;
		expect(t.total).toEqual({ minimum: 3, encouraged: null });
		const counts = { total: 3, department: 0, subspecialty: 0 };
		expect(meetsAttendanceTarget(SAMPLE_MONTHLY, person(), 2026, counts, TZ)).toBe(true);
		expect(meetsAttendanceTarget(SAMPLE_MONTHLY, person(), 2026, { ...counts, total: 2 }, TZ)).toBe(
			false
		);
		expect(meetsEncouragedAttendance(SAMPLE_MONTHLY, person(), 2026, counts, TZ)).toBeNull();
	});

	it('sample 2: every minimum must hold; encouraged levels separately', () => {
		const p = person();
		// 6 in all but only 2 subspecialty: minimum not met.
		expect(
			meetsAttendanceTarget(
				SAMPLE_WEEKLY,
				p,
				2026,
				{ total: 6, department: 2, subspecialty: 2 },
				TZ
			)
		).toBe(false);
		const min = { total: 6, department: 2, subspecialty: 3 };
		expect(meetsAttendanceTarget(SAMPLE_WEEKLY, p, 2026, min, TZ)).toBe(true);
		expect(meetsEncouragedAttendance(SAMPLE_WEEKLY, p, 2026, min, TZ)).toBe(false);
		const enc = { total: 10, department: 4, subspecialty: 4 };
		expect(meetsEncouragedAttendance(SAMPLE_WEEKLY, p, 2026, enc, TZ)).toBe(true);
	});

	it('prorates by the share of the year (not FTE), counting Feb 29 in leap years', () => {
		// In the program Jan 1 – Jul 1, then deactivated.
		const left = (y: number) =>
			person({
				fte: 0.5,
				active: false,
				createdAt: `${y}-01-01T08:00:00Z`,
				updatedAt: `${y}-07-01T12:00:00Z`
			});
		// 2023: 182 days / 365 = 0.4986; subspecialty 3 × 0.4986 = 1.496 → 1;
		// total 6 × 0.4986 = 2.99 → 3; encouraged 10 × 0.4986 = 4.99 → 5.
		expect(attendanceTargets(SAMPLE_WEEKLY, left(2023), 2023, TZ)).toEqual({
			total: { minimum: 3, encouraged: 5 },
			department: { minimum: 1, encouraged: 2 },
			subspecialty: { minimum: 1, encouraged: 2 }
		});
		// 2024 (leap): Jan 1 – Jul 1 is 183 days / 366 = 0.5 exactly; subspecialty 1.5 → 2.
		expect(attendanceTargets(SAMPLE_WEEKLY, left(2024), 2024, TZ)?.subspecialty).toEqual({
			minimum: 2,
			encouraged: 2
		});
	});
});

describe('other targets', () => {
	it('conferences offered: sample 1 total 6, sample 2 4 × 6 divisions + 4 department = 28', () => {
		const six = ['abd', 'chest', 'msk', 'neuro', 'peds', 'er'];
		expect(conferenceTargets(SAMPLE_MONTHLY, six).total).toBe(6);
		const t = conferenceTargets(SAMPLE_WEEKLY, six);
		expect(t.total).toBe(28);
		expect(t.sections.every((s) => s.target === 4)).toBe(true);
		const withOverride = conferenceTargets(
			{ conferences: { ...SAMPLE_WEEKLY.conferences, sections: [{ sectionId: 'er', count: 2 }] } },
			six
		);
		expect(withOverride.total).toBe(26);
		expect(withOverride.sections.find((s) => s.sectionId === 'er')?.target).toBe(2);
	});

	it('IQ reviews per technologist, prorated for part-year staff', () => {
		const tech = person({ roles: ['technologist'], createdAt: '2026-02-15T10:00:00Z' });
		// Quarterly 4: Q1 = Feb 15–Mar 31 = 45 of 90 days = 0.5 → 2; Q2–Q4 = 12; total 14.
		expect(iqReviewTarget(SAMPLE_WEEKLY, tech, 2026, TZ)).toBe(14);
		expect(iqReviewTarget(SAMPLE_WEEKLY, person(), 2026, TZ)).toBeNull();
	});
});

describe('progress', () => {
	const data: ProgressData = {
		submissions: [
			{ submitterId: 'u-rad', status: 'submitted', submittedAt: '2026-01-20T10:00:00Z' },
			{ submitterId: 'u-rad', status: 'closed', submittedAt: '2026-03-02T10:00:00Z' },
			{ submitterId: 'u-rad', status: 'in-review', submittedAt: '2026-03-09T10:00:00Z' },
			{ submitterId: 'u-rad', status: 'draft', submittedAt: null },
			{ submitterId: 'u-rad', status: 'submitted', submittedAt: '2025-12-31T10:00:00Z' },
			{ submitterId: 'u-other', status: 'submitted', submittedAt: '2026-03-03T10:00:00Z' }
		],
		conferences: [
			{
				id: 'c1',
				kind: 'department',
				sectionId: '',
				startsAt: '2026-02-10T17:00:00Z',
				status: 'held'
			},
			{
				id: 'c2',
				kind: 'section',
				sectionId: 'sec-chest',
				startsAt: '2026-02-20T17:00:00Z',
				status: 'held'
			},
			{
				id: 'c3',
				kind: 'section',
				sectionId: 'sec-neuro',
				startsAt: '2026-03-01T17:00:00Z',
				status: 'held'
			},
			{
				id: 'c4',
				kind: 'section',
				sectionId: 'sec-chest',
				startsAt: '2026-03-05T17:00:00Z',
				status: 'cancelled'
			},
			{
				id: 'c5',
				kind: 'section',
				sectionId: 'sec-chest',
				startsAt: '2026-12-01T17:00:00Z',
				status: 'scheduled'
			}
		],
		attendance: [
			{ userId: 'u-rad', conferenceId: 'c1' },
			{ userId: 'u-rad', conferenceId: 'c1' },
			{ userId: 'u-rad', conferenceId: 'c2' },
			{ userId: 'u-rad', conferenceId: 'c3' },
			{ userId: 'u-rad', conferenceId: 'c4' },
			{ userId: 'u-rad', conferenceId: 'c5' },
			{ userId: 'u-rad', conferenceId: 'unknown' }
		],
		iqReviews: [
			{ reviewerId: 'u-tech', status: 'submitted', submittedAt: '2026-03-01T10:00:00Z' },
			{ reviewerId: 'u-tech', status: 'submitted', submittedAt: '2026-03-10T10:00:00Z' },
			{ reviewerId: 'u-tech', status: 'declined', submittedAt: '2026-03-10T10:00:00Z' }
		]
	};
	const now = new Date('2026-03-11T12:00:00Z'); // Wednesday of the week of Mon Mar 9

	it('counts a radiologist’s submissions this period and this year', () => {
		const p = personProgress(SAMPLE_MONTHLY, person(), 2026, data, now, TZ);
		expect(p.submissions).toMatchObject({
			per: 'month',
			period: { id: '2026-03', first: '2026-03-01', end: '2026-04-01' },
			periodTarget: 1,
			periodCount: 2,
			periodMet: true,
			target: 12,
			count: 3,
			met: false,
			// January and February completed: 2 expected, 3 made.
			expectedSoFar: 2,
			onTrack: true
		});
		expect(p.iqReviews).toBeNull();
		const weekly = personProgress(SAMPLE_WEEKLY, person({ fte: 0.5 }), 2026, data, now, TZ);
		// Week of Mar 9: one submission; 0.5 expected. Completed weeks: Jan 5 … Mar 2 = 9 × 0.5.
		expect(weekly.submissions).toMatchObject({
			period: { id: '2026-W10', first: '2026-03-09' },
			periodTarget: 0.5,
			periodCount: 1,
			expectedSoFar: 4.5,
			onTrack: false,
			target: 26
		});
	});

	it('counts attendance once per conference, not cancelled or future ones, by kind', () => {
		const p = personProgress(SAMPLE_WEEKLY, person(), 2026, data, now, TZ);
		expect(p.attendance?.counts).toEqual({ total: 3, department: 1, subspecialty: 1 });
		expect(p.attendance?.metMinimum).toBe(false);
		expect(p.attendance?.metEncouraged).toBe(false);
	});

	it('counts a technologist’s submitted reviews per quarter', () => {
		const tech = person({ id: 'u-tech', roles: ['technologist'] });
		const p = personProgress(SAMPLE_WEEKLY, tech, 2026, data, now, TZ);
		expect(p.submissions).toBeNull();
		expect(p.attendance).toBeNull();
		expect(p.iqReviews).toMatchObject({
			per: 'quarter',
			period: { id: '2026-Q1' },
			periodTarget: 4,
			periodCount: 2,
			periodMet: false,
			target: 16,
			count: 2
		});
	});

	it('measures a past year to its end, and everyone at once gives the same figures', () => {
		const later = new Date('2027-02-01T00:00:00Z');
		const p = personProgress(SAMPLE_MONTHLY, person(), 2026, data, later, TZ);
		expect(p.asOf).toBe('2026-12-31');
		expect(p.submissions?.period).toBeNull();
		expect(p.attendance?.counts.total).toBe(4); // c5 (Dec 1) now counts too
		const people = [person(), person({ id: 'u-tech', roles: ['technologist'] })];
		expect(everyonesProgress(SAMPLE_MONTHLY, people, 2026, data, later, TZ)).toEqual(
			people.map((x) => personProgress(SAMPLE_MONTHLY, x, 2026, data, later, TZ))
		);
	});
});

describe('policy versions', () => {
	const doc = (v: number, active: boolean, supersededAt: string | null, updatedAt: string) =>
		({
			id: policyDocId(2026, v),
			createdAt: updatedAt,
			updatedAt,
			kind: 'target-policy',
			name: `Targets 2026 v${v}`,
			active,
			data: { ...SAMPLE_MONTHLY, version: v, supersededAt }
		}) satisfies Settings;

	it('the newest version not superseded is in force; history keeps the rest', () => {
		const docs = [
			doc(1, false, '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z'),
			doc(2, true, null, '2026-02-01T00:00:00Z'),
			{ ...doc(3, true, null, '2026-03-01T00:00:00Z'), data: { year: 2026 } }
		];
		expect(policyDocId(2026, 1)).toBe('policy-2026');
		expect(currentPolicy(docs, 2026)?.doc.id).toBe('policy-2026-v2');
		// The malformed v3 is ignored, not chosen.
		expect(policyVersions(docs, 2026).map((v) => v.data.version)).toEqual([2, 1]);
		expect(currentPolicy(docs, 2027)).toBeNull();
	});
});
