import { describe, expect, it } from 'vitest';
import type { TargetPolicy } from './targets.ts';
import {
	computeDashboards,
	monthsBetween,
	type DashboardConference,
	type DashboardInput,
	type DashboardSubmission
} from './dashboards.ts';

/** 1 submission a month, 3 conferences a year; 2 per division and 1 department-wide, 6 in all. */
const POLICY: TargetPolicy = {
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
	conferences: { total: 6, department: 1, perSection: 2, sections: [] },
	iqReviews: { perReviewer: 0, period: 'month' },
	reminders: { midPeriodDay: 15, upcomingConferences: true }
};
const person = (id: string, roles: DashboardInput['people'][number]['roles'], joined = '2020') => ({
	id,
	roles,
	fte: 1,
	sectionIds: ['sec-chest'],
	active: true,
	createdAt: `${joined.length === 4 ? `${joined}-01-01` : joined}T00:00:00.000Z`,
	updatedAt: '2020-01-01T00:00:00.000Z'
});
const sub = (
	submitterId: string,
	submittedAt: string,
	sectionId: string,
	reason: DashboardSubmission['reason'],
	over: Partial<DashboardSubmission> = {}
): DashboardSubmission => ({
	submitterId,
	status: 'submitted',
	submittedAt,
	sectionId,
	reason,
	qiInitiativeId: null,
	...over
});
const conf = (
	id: string,
	kind: DashboardConference['kind'],
	sectionId: string,
	startsAt: string,
	status: DashboardConference['status'] = 'held'
): DashboardConference => ({ id, kind, title: `Rounds ${id}`, sectionId, startsAt, status });

function input(over: Partial<DashboardInput> = {}): DashboardInput {
	return {
		from: '2026-01-01',
		to: '2026-12-31',
		now: new Date('2026-03-15T10:00:00.000Z'),
		timeZone: 'UTC',
		policy: POLICY,
		sections: [
			{ id: 'sec-chest', name: 'Chest' },
			{ id: 'sec-abdo', name: 'Abdominal' }
		],
		people: [
			person('u-r1', ['radiologist']),
			person('u-r2', ['radiologist', 'section_chief']),
			// Joins after the day measured: not counted yet.
			person('u-r3', ['radiologist'], '2026-05-01'),
			person('u-t1', ['technologist'])
		],
		submissions: [
			sub('u-r1', '2026-01-10T14:00:00.000Z', 'sec-chest', 'discrepancy'),
			sub('u-r1', '2026-02-03T14:00:00.000Z', 'sec-chest', 'great-call'),
			sub('u-r1', '2026-03-01T14:00:00.000Z', 'sec-abdo', 'discrepancy', {
				qiInitiativeId: 'qi-1'
			}),
			sub('u-r2', '2026-02-20T14:00:00.000Z', '', 'system-issue', { qiInitiativeId: 'qi-1' }),
			// After today, a draft, and last year: none counts in the charts.
			sub('u-r2', '2026-03-20T14:00:00.000Z', 'sec-chest', 'near-miss'),
			sub('u-r1', '2026-03-05T14:00:00.000Z', 'sec-chest', 'near-miss', { status: 'draft' }),
			sub('u-r2', '2025-12-31T23:30:00.000Z', 'sec-chest', 'interesting-case', {
				status: 'closed',
				qiInitiativeId: 'qi-2'
			})
		],
		conferences: [
			conf('c1', 'department', '', '2026-01-20T17:00:00.000Z'),
			conf('c2', 'section', 'sec-chest', '2026-02-10T17:00:00.000Z'),
			// Past but never marked held: still offered (not cancelled), as in the annual report.
			conf('c3', 'section', 'sec-chest', '2026-03-10T17:00:00.000Z', 'scheduled'),
			conf('c4', 'section', 'sec-abdo', '2026-03-12T17:00:00.000Z', 'cancelled'),
			conf('c5', 'iq-rounds', '', '2026-02-15T17:00:00.000Z'),
			conf('c6', 'department', '', '2026-04-01T17:00:00.000Z', 'scheduled')
		],
		attendance: [
			{ conferenceId: 'c1', userId: 'u-r1' },
			{ conferenceId: 'c1', userId: 'u-r2' },
			{ conferenceId: 'c1', userId: 'u-t1' },
			{ conferenceId: 'c2', userId: 'u-r1' },
			// The same person twice counts once.
			{ conferenceId: 'c2', userId: 'u-r1' },
			{ conferenceId: 'c3', userId: 'u-r1' },
			{ conferenceId: 'c4', userId: 'u-r2' },
			{ conferenceId: 'c5', userId: 'u-t1' }
		],
		submissionsComplete: true,
		...over
	};
}

const MONTHS12 = (xs: number[]) => [...xs, ...Array(12 - xs.length).fill(0)];

describe('dashboards', () => {
	it('counts submissions per month by section and by reason, up to today', () => {
		const d = computeDashboards(input());
		expect(d.asOf).toBe('2026-03-15');
		expect(d.months).toHaveLength(12);
		expect(d.submissions.total).toBe(4);
		expect(d.submissions.byMonth).toEqual(MONTHS12([1, 2, 1]));
		expect(d.submissions.bySection.map((r) => [r.key, r.name, r.total, r.byMonth])).toEqual([
			['sec-abdo', 'Abdominal', 1, MONTHS12([0, 0, 1])],
			['sec-chest', 'Chest', 2, MONTHS12([1, 1])],
			['', '', 1, MONTHS12([0, 1])]
		]);
		expect(d.submissions.byReason.map((r) => [r.key, r.total])).toEqual([
			['discrepancy', 2],
			['great-call', 1],
			['near-miss', 0],
			['interesting-case', 0],
			['system-issue', 1]
		]);
		expect(d.submissions.byReason[0]!.byMonth).toEqual(MONTHS12([1, 0, 1]));
	});

	it('shares of radiologists meeting their targets', () => {
		const d = computeDashboards(input());
		// r1 and r2 (r3 joins in May). Year target 12: nobody yet. Two months completed → 2
		// expected: r1 has 3, r2 has 1. Attendance minimum 3: r1 went to c1, c2, c3; r2 to c1
		// (c4 was cancelled).
		expect(d.targets).toEqual({
			year: 2026,
			policy: true,
			radiologists: 2,
			submissions: { met: 0, of: 2, rate: 0 },
			submissionsOnTrack: { met: 1, of: 2, rate: 0.5 },
			attendance: { met: 1, of: 2, rate: 0.5 },
			attendanceEncouraged: null
		});
		// A chief's device holds only its sections' submissions: no submission share then.
		const partial = computeDashboards(input({ submissionsComplete: false }));
		expect(partial.targets.submissions).toBeNull();
		expect(partial.targets.submissionsOnTrack).toBeNull();
		expect(partial.targets.attendance).toEqual({ met: 1, of: 2, rate: 0.5 });
	});

	it('counts attendance per conference and conferences offered against targets', () => {
		const d = computeDashboards(input());
		expect(d.attendance.map((a) => [a.conferenceId, a.kind, a.attendees])).toEqual([
			['c1', 'department', 3],
			['c2', 'section', 1],
			['c5', 'iq-rounds', 1],
			['c3', 'section', 1]
		]);
		expect(d.offered).toEqual([
			{ key: 'sec-abdo', kind: 'section', name: 'Abdominal', offered: 0, target: 2, met: false },
			{ key: 'sec-chest', kind: 'section', name: 'Chest', offered: 2, target: 2, met: true },
			{ key: 'department', kind: 'department', name: '', offered: 1, target: 1, met: true }
		]);
		expect(d.offeredTotals).toEqual({ offered: 3, target: 6 });
	});

	it('counts submissions linked to each QI initiative, whenever submitted', () => {
		expect(computeDashboards(input()).qiLinked).toEqual([
			{ initiativeId: 'qi-1', submissions: 2 },
			{ initiativeId: 'qi-2', submissions: 1 }
		]);
	});

	it('without a policy: counts, but no targets', () => {
		const d = computeDashboards(input({ policy: null }));
		expect(d.targets).toEqual({
			year: 2026,
			policy: false,
			radiologists: 2,
			submissions: null,
			submissionsOnTrack: null,
			attendance: null,
			attendanceEncouraged: null
		});
		expect(d.offered.map((r) => [r.offered, r.target, r.met])).toEqual([
			[0, null, null],
			[2, null, null],
			[1, null, null]
		]);
		expect(d.offeredTotals.target).toBeNull();
	});

	it('judges a past range on its last day and reads days in the given zone', () => {
		const d = computeDashboards(
			input({
				from: '2026-01-01',
				to: '2026-01-31',
				now: new Date('2026-06-01T10:00:00.000Z'),
				timeZone: 'America/Toronto',
				submissions: [
					// 22:00 in Toronto on January 31: January there.
					sub('u-r1', '2026-02-01T03:00:00.000Z', 'sec-chest', 'discrepancy'),
					sub('u-r1', '2026-02-01T06:00:00.000Z', 'sec-chest', 'discrepancy')
				]
			})
		);
		expect(d.asOf).toBe('2026-01-31');
		expect(d.months).toEqual(['2026-01']);
		expect(d.submissions.byMonth).toEqual([1]);
		expect(d.attendance.map((a) => a.conferenceId)).toEqual(['c1']);
		expect(d.targets.attendance).toEqual({ met: 0, of: 2, rate: 0 });
	});

	it('returns aggregates only: no person ids', () => {
		const json = JSON.stringify(computeDashboards(input()));
		for (const id of ['u-r1', 'u-r2', 'u-r3', 'u-t1']) expect(json).not.toContain(id);
	});

	it('lists months across a range', () => {
		expect(monthsBetween('2026-11-15', '2027-02-01')).toEqual([
			'2026-11',
			'2026-12',
			'2027-01',
			'2027-02'
		]);
		expect(monthsBetween('2026-03-01', '2026-03-31')).toEqual(['2026-03']);
	});
});
