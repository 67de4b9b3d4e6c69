import type { Modality } from '@rounds/shared/common.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';
import type { PeriodRange, UnmetCriterion } from '@rounds/shared/reviews/analytics';

type Who = Pick<Person, 'roles' | 'leadOfModalities'>;

/**
 * Where a user's analytics come from: leads and the director hold the reviews on their device
 * and compute them there (offline too); leadership viewers never receive reviews, so they ask
 * the server for aggregates.
 */
export function analyticsSource(user: Who | null): 'local' | 'server' | 'none' {
	if (!user) return 'none';
	if (user.roles.includes('peer_learning_director')) return 'local';
	if (user.roles.includes('modality_quality_lead') && user.leadOfModalities.length) return 'local';
	if (user.roles.includes('leadership_viewer')) return 'server';
	return 'none';
}

/** `mine`: a lead's own modalities; `all`: everything available; or one modality. */
export type ModalityChoice = 'mine' | 'all' | Modality;

/** Leads start on their own modalities, everyone else on all of them. */
export function defaultChoice(user: Who | null): ModalityChoice {
	if (!user || user.roles.includes('peer_learning_director')) return 'all';
	return user.roles.includes('modality_quality_lead') && user.leadOfModalities.length
		? 'mine'
		: 'all';
}

/** The modalities a choice stands for; undefined means "whatever is there". */
export function modalitiesOf(choice: ModalityChoice, user: Who | null): Modality[] | undefined {
	if (choice === 'all') return undefined;
	if (choice === 'mine') return [...(user?.leadOfModalities ?? [])];
	return [choice];
}

/** The server endpoint for leadership viewers (one modality or all). */
export function analyticsUrl(range: Pick<PeriodRange, 'from' | 'to'>, choice: ModalityChoice) {
	const q = new URLSearchParams({ from: range.from, to: range.to });
	if (choice !== 'all' && choice !== 'mine') q.set('modality', choice);
	return `/api/iq-analytics?${q}`;
}

/** The `limit` most often unmet criteria of each modality (input already ordered so). */
export function topUnmet(rows: readonly UnmetCriterion[], limit: number): UnmetCriterion[] {
	const seen = new Map<Modality, number>();
	return rows.filter((r) => {
		const n = (seen.get(r.modality) ?? 0) + 1;
		seen.set(r.modality, n);
		return n <= limit && r.unmet > 0;
	});
}

/** Bar width for a ratio, as a CSS percentage (0 when there is nothing to show). */
export const barWidth = (ratio: number | null): string =>
	`${Math.max(0, Math.min(100, Math.round((ratio ?? 0) * 1000) / 10))}%`;
