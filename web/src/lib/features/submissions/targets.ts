import type { TargetPolicy } from './org-settings.ts';

/** A period of the submission target, as local calendar dates (inclusive). */
export interface Period {
	per: TargetPolicy['submissionsPer'];
	start: Date;
	/** Exclusive end. */
	end: Date;
}

export interface TargetProgress {
	period: Period;
	/** Submissions expected in the current period, prorated by FTE (may be fractional). */
	periodTarget: number;
	periodCount: number;
	periodMet: boolean;
	/** Expected by the start of the current period (completed periods only), prorated. */
	yearExpected: number;
	yearCount: number;
	/** Expected over the whole year, prorated. */
	yearTarget: number;
	onTrack: boolean;
}

function startOfDay(d: Date): Date {
	return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

/** Monday of the week containing `d` (work weeks run Monday to Sunday). */
function mondayOf(d: Date): Date {
	const day = startOfDay(d);
	const offset = (day.getDay() + 6) % 7;
	return new Date(day.getFullYear(), day.getMonth(), day.getDate() - offset);
}

/** The target period (this month or this work week) that contains `now`, in local time. */
export function currentPeriod(per: TargetPolicy['submissionsPer'], now: Date): Period {
	if (per === 'month') {
		return {
			per,
			start: new Date(now.getFullYear(), now.getMonth(), 1),
			end: new Date(now.getFullYear(), now.getMonth() + 1, 1)
		};
	}
	const start = mondayOf(now);
	return { per, start, end: new Date(start.getFullYear(), start.getMonth(), start.getDate() + 7) };
}

/**
 * Work weeks that count toward a year: those whose Monday falls in it (52 or 53), so each week
 * belongs to exactly one year.
 */
export function workWeeksIn(year: number): number {
	let mondays = 0;
	for (
		let d = new Date(year, 0, 1);
		d.getFullYear() === year;
		d = new Date(year, d.getMonth(), d.getDate() + 1)
	)
		if (d.getDay() === 1) mondays++;
	return mondays;
}

/** Periods of the year completed before the one containing `now`. */
export function periodsCompleted(per: TargetPolicy['submissionsPer'], now: Date): number {
	if (per === 'month') return now.getMonth();
	const year = now.getFullYear();
	const current = mondayOf(now);
	let n = 0;
	for (let d = new Date(year, 0, 1); d < current; d = new Date(year, d.getMonth(), d.getDate() + 1))
		if (d.getDay() === 1) n++;
	return n;
}

/** Rounds to two decimals so 0.1-style FTE products compare as people expect. */
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Progress toward the submission target: the policy's count per period prorated by FTE
 * ("1 per work week per full-time radiologist, prorated for part-time"). `submittedAt` holds
 * the submission times of the person's non-draft submissions.
 */
export function targetProgress(
	policy: Pick<TargetPolicy, 'submissionsPer' | 'submissionsTarget'>,
	fte: number,
	submittedAt: readonly string[],
	now: Date
): TargetProgress {
	const period = currentPeriod(policy.submissionsPer, now);
	const year = now.getFullYear();
	const times = submittedAt.map((s) => new Date(s)).filter((d) => !Number.isNaN(d.getTime()));
	const periodCount = times.filter((d) => d >= period.start && d < period.end).length;
	const yearCount = times.filter((d) => d.getFullYear() === year && d <= now).length;
	const perPeriod = policy.submissionsTarget * fte;
	const periodsInYear = policy.submissionsPer === 'month' ? 12 : workWeeksIn(year);
	const periodTarget = round2(perPeriod);
	const yearExpected = round2(perPeriod * periodsCompleted(policy.submissionsPer, now));
	return {
		period,
		periodTarget,
		periodCount,
		periodMet: periodCount >= periodTarget,
		yearExpected,
		yearCount,
		yearTarget: round2(perPeriod * periodsInYear),
		// A fractional expectation (part-time) is met by the whole submissions it implies so far.
		onTrack: yearCount >= Math.floor(yearExpected)
	};
}
