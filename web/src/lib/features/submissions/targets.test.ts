import { describe, expect, it } from 'vitest';
import { currentPeriod, periodsCompleted, targetProgress, workWeeksIn } from './targets.ts';

/** Local wall-clock times, so the tests hold in any time zone. */
const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h);
const iso = (y: number, m: number, d: number, h = 12) => at(y, m, d, h).toISOString();

describe('target periods', () => {
	it('runs months from the first to the first of the next month', () => {
		const p = currentPeriod('month', at(2026, 3, 17));
		expect(p.start).toEqual(new Date(2026, 2, 1));
		expect(p.end).toEqual(new Date(2026, 3, 1));
	});

	it('runs work weeks Monday to Sunday', () => {
		// 2026-03-22 is a Sunday: it belongs to the week that began on Monday the 16th.
		const sunday = currentPeriod('work-week', at(2026, 3, 22, 23));
		expect(sunday.start).toEqual(new Date(2026, 2, 16));
		expect(sunday.end).toEqual(new Date(2026, 2, 23));
		expect(currentPeriod('work-week', at(2026, 3, 23, 0)).start).toEqual(new Date(2026, 2, 23));
	});

	it('counts the Mondays of a year as its work weeks', () => {
		expect(workWeeksIn(2026)).toBe(52);
		// 2024 is a leap year that starts on a Monday: 53 Mondays.
		expect(workWeeksIn(2024)).toBe(53);
	});

	it('counts completed periods before the current one', () => {
		expect(periodsCompleted('month', at(2026, 1, 15))).toBe(0);
		expect(periodsCompleted('month', at(2026, 4, 1))).toBe(3);
		// First Monday of 2026 is January 5th.
		expect(periodsCompleted('work-week', at(2026, 1, 5))).toBe(0);
		expect(periodsCompleted('work-week', at(2026, 1, 12))).toBe(1);
		expect(periodsCompleted('work-week', at(2026, 1, 18))).toBe(1);
	});
});

describe('target progress', () => {
	it('prorates a weekly target by FTE and counts this week only', () => {
		const now = at(2026, 3, 18); // Wednesday
		const p = targetProgress(
			{ submissionsPer: 'work-week', submissionsTarget: 1 },
			0.5,
			[
				iso(2026, 3, 15), // previous Sunday
				iso(2026, 3, 16, 8)
			],
			now
		);
		expect(p.periodTarget).toBe(0.5);
		expect(p.periodCount).toBe(1);
		expect(p.periodMet).toBe(true);
		expect(p.yearTarget).toBe(26);
		expect(p.yearCount).toBe(2);
	});

	it('reports a full-time monthly target as unmet until reached', () => {
		const now = at(2026, 5, 20);
		const policy = { submissionsPer: 'month', submissionsTarget: 2 } as const;
		const one = targetProgress(policy, 1, [iso(2026, 5, 2)], now);
		expect(one.periodTarget).toBe(2);
		expect(one.periodMet).toBe(false);
		expect(targetProgress(policy, 1, [iso(2026, 5, 2), iso(2026, 5, 19)], now).periodMet).toBe(
			true
		);
		expect(one.yearTarget).toBe(24);
		// January to April completed: 8 expected, 1 made.
		expect(one.yearExpected).toBe(8);
		expect(one.onTrack).toBe(false);
	});

	it('ignores other years and future-dated times in the year count', () => {
		const now = at(2026, 2, 10);
		const p = targetProgress(
			{ submissionsPer: 'month', submissionsTarget: 1 },
			1,
			[iso(2025, 12, 31), iso(2026, 1, 20), iso(2026, 2, 11), 'not a date'],
			now
		);
		expect(p.yearCount).toBe(1);
		expect(p.periodCount).toBe(1);
		expect(p.onTrack).toBe(true);
	});

	it('treats a part-time fractional expectation as met by the whole submissions it implies', () => {
		// 0.3 FTE, 1 per month: after 3 completed months 0.9 are expected, so 0 made is on track.
		const p = targetProgress(
			{ submissionsPer: 'month', submissionsTarget: 1 },
			0.3,
			[],
			at(2026, 4, 2)
		);
		expect(p.yearExpected).toBe(0.9);
		expect(p.onTrack).toBe(true);
		expect(p.periodTarget).toBe(0.3);
		expect(p.periodMet).toBe(false);
	});

	it('meets a zero target (FTE 0) trivially', () => {
		const p = targetProgress(
			{ submissionsPer: 'work-week', submissionsTarget: 1 },
			0,
			[],
			at(2026, 6, 1)
		);
		expect(p.periodTarget).toBe(0);
		expect(p.periodMet).toBe(true);
		expect(p.onTrack).toBe(true);
	});
});
