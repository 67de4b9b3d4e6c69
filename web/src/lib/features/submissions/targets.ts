import {
	dayNumber,
	dayOf,
	dayString,
	periodContaining,
	periodsOf,
	personProgress
} from '@rounds/shared/reports/targets';

export { workWeeksIn } from '@rounds/shared/reports/targets';

/**
 * "My submissions" view of the submission target, in the device's local calendar. The
 * arithmetic lives in `@rounds/shared/reports/targets` (shared with My progress, the annual
 * report and the server's reminders); this adapter keeps the shape the screen uses.
 */
type Per = 'month' | 'work-week';
export interface SubmissionRule {
	submissionsPer: Per;
	/** Per period for a full-time radiologist. */
	submissionsTarget: number;
}

/** A period of the submission target, as local calendar dates. */
export interface Period {
	per: Per;
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
	/** Expected over the whole year, prorated, in whole submissions. */
	yearTarget: number;
	onTrack: boolean;
}

const localDay = (d: Date) => dayOf(d.toISOString()) as string;
function localDate(n: number): Date {
	const s = dayString(n);
	return new Date(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
}

/** The target period (this month or this work week) that contains `now`, in local time. */
export function currentPeriod(per: Per, now: Date): Period {
	const p = periodContaining(per, localDay(now));
	return { per, start: localDate(p.first), end: localDate(p.end) };
}

/** Periods of the year completed before the one containing `now`. */
export function periodsCompleted(per: Per, now: Date): number {
	const today = dayNumber(localDay(now));
	return periodsOf(per, now.getFullYear()).filter((p) => p.end <= today).length;
}

/**
 * Progress toward the submission target: the rule's count per period times `fte` ("1 per work
 * week per full-time radiologist, prorated for part-time"). `submittedAt` holds the submission
 * times of the person's non-draft submissions.
 */
export function targetProgress(
	rule: SubmissionRule,
	fte: number,
	submittedAt: readonly string[],
	now: Date
): TargetProgress {
	const year = now.getFullYear();
	const zero = { minimum: 0, encouraged: null };
	const p = personProgress(
		{
			year,
			version: 1,
			editedById: '',
			note: '',
			supersededAt: null,
			attendance: { total: zero, department: zero, subspecialty: zero },
			submissions: { per: rule.submissionsPer, count: rule.submissionsTarget, prorateByFte: true },
			conferences: { total: null, department: 0, perSection: 0, sections: [] },
			iqReviews: { perReviewer: 0, period: 'month' },
			reminders: { midPeriodDay: null, upcomingConferences: false }
		},
		{
			id: 'me',
			roles: ['radiologist'],
			fte,
			sectionIds: [],
			active: true,
			// Here all year: My submissions does not prorate for part-year staff (My progress does).
			createdAt: new Date(year - 1, 0, 1).toISOString(),
			updatedAt: new Date(year - 1, 0, 1).toISOString()
		},
		year,
		{
			submissions: submittedAt.map((s) => ({
				submitterId: 'me',
				status: 'submitted',
				submittedAt: s
			})),
			attendance: [],
			conferences: [],
			iqReviews: []
		},
		now
	);
	const s = p.submissions!;
	return {
		period: currentPeriod(rule.submissionsPer, now),
		periodTarget: s.periodTarget,
		periodCount: s.periodCount,
		periodMet: s.periodMet,
		yearExpected: s.expectedSoFar,
		yearCount: s.count,
		yearTarget: s.target,
		onTrack: s.onTrack
	};
}
