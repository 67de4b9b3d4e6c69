import type { Person } from '@rounds/shared/identity/identity.schema';
import type { Settings } from '@rounds/shared/org/settings.schema';
import {
	currentPolicy,
	personProgress,
	spanInYear,
	type PersonProgress,
	type ProgressData,
	type TargetPolicy
} from '@rounds/shared/reports/targets';

export type MyProgress =
	| { state: 'no-policy' }
	| { state: 'not-in-program' }
	| { state: 'no-targets' }
	| {
			state: 'ok';
			policy: TargetPolicy;
			progress: PersonProgress;
			/** The person's FTE when the policy prorates submissions by it and it is below 1. */
			proratedFte: number | null;
			/** They joined or left during the year: targets are prorated for it. */
			partYear: boolean;
	  };

/**
 * What My progress shows for one person and year, in the device's time zone, from the records on
 * the device: the policy in force, and progress toward every target that applies to them.
 */
export function myProgress(
	docs: readonly Settings[],
	person: Person,
	year: number,
	data: ProgressData,
	now: Date
): MyProgress {
	const policy = currentPolicy(docs, year)?.data;
	if (!policy) return { state: 'no-policy' };
	const span = spanInYear(person, year);
	if (!span) return { state: 'not-in-program' };
	const progress = personProgress(policy, person, year, data, now);
	if (!progress.submissions && !progress.attendance && !progress.iqReviews)
		return { state: 'no-targets' };
	const jan1 = Date.UTC(year, 0, 1) / 86_400_000;
	const next = Date.UTC(year + 1, 0, 1) / 86_400_000;
	return {
		state: 'ok',
		policy,
		progress,
		proratedFte:
			progress.submissions && policy.submissions.prorateByFte && person.fte < 1 ? person.fte : null,
		partYear: span.first > jan1 || span.end < next
	};
}
