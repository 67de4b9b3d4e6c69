import type { Person } from '@rounds/shared/identity/identity.schema';
import type { Modality } from '@rounds/shared/common.schema';
import type { REASONS, Submission } from '@rounds/shared/submissions/submission.schema';

type Reason = (typeof REASONS)[number];

export const AGE_FILTERS = ['any', 'week', 'month', 'older'] as const;
export const STATUS_FILTERS = ['open', 'submitted', 'in-review', 'closed', 'all'] as const;
export const BOARD_SORTS = ['oldest', 'newest', 'section', 'modality'] as const;

export interface BoardFilters {
	status: (typeof STATUS_FILTERS)[number];
	/** A section id, '' for unrouted, or 'all'. */
	sectionId: string;
	modality: Modality | 'all';
	reason: Reason | 'all';
	age: (typeof AGE_FILTERS)[number];
}
export type BoardSort = (typeof BOARD_SORTS)[number];

export const defaultFilters = (): BoardFilters => ({
	status: 'open',
	sectionId: 'all',
	modality: 'all',
	reason: 'all',
	age: 'any'
});

/** Whether the person triages this case: chiefs for their sections, the director for all. */
export function triagesCase(
	person: Pick<Person, 'roles' | 'chiefOfSectionIds'>,
	s: Pick<Submission, 'status' | 'sectionId'>
): boolean {
	if (s.status === 'draft') return false;
	if (person.roles.includes('peer_learning_director')) return true;
	return s.sectionId !== '' && person.chiefOfSectionIds.includes(s.sectionId);
}

/** Whether the person sees a triage board at all. */
export function isTriager(person: Pick<Person, 'roles' | 'chiefOfSectionIds'>): boolean {
	return person.roles.includes('peer_learning_director') || person.chiefOfSectionIds.length > 0;
}

const DAY = 86_400_000;

/** Whole days since the case was submitted. */
export function ageInDays(s: Pick<Submission, 'submittedAt' | 'createdAt'>, now: Date): number {
	const from = new Date(s.submittedAt ?? s.createdAt).getTime();
	return Math.max(0, Math.floor((now.getTime() - from) / DAY));
}

function ageMatches(age: BoardFilters['age'], days: number): boolean {
	switch (age) {
		case 'any':
			return true;
		case 'week':
			return days <= 7;
		case 'month':
			return days > 7 && days <= 30;
		case 'older':
			return days > 30;
	}
}

/** The cases of a board that pass its filters. */
export function filterBoard<S extends Submission>(
	cases: readonly S[],
	f: BoardFilters,
	now: Date
): S[] {
	return cases.filter(
		(s) =>
			(f.status === 'all' ||
				(f.status === 'open' ? s.status !== 'closed' : s.status === f.status)) &&
			(f.sectionId === 'all' || s.sectionId === f.sectionId) &&
			(f.modality === 'all' || s.modality === f.modality) &&
			(f.reason === 'all' || s.reason === f.reason) &&
			ageMatches(f.age, ageInDays(s, now))
	);
}

/**
 * Sorted copy. "oldest" first is the default: the longest-waiting case is the one to triage.
 * Ties fall back to the oldest submission, then the id, so the order is stable.
 */
export function sortBoard<S extends Submission>(
	cases: readonly S[],
	sort: BoardSort,
	sectionName: (id: string) => string = (id) => id
): S[] {
	const when = (s: S) => s.submittedAt ?? s.createdAt;
	const byAge = (a: S, b: S) => when(a).localeCompare(when(b)) || a.id.localeCompare(b.id);
	const cmp: Record<BoardSort, (a: S, b: S) => number> = {
		oldest: byAge,
		newest: (a, b) => -byAge(a, b),
		section: (a, b) =>
			sectionName(a.sectionId).localeCompare(sectionName(b.sectionId)) || byAge(a, b),
		modality: (a, b) => a.modality.localeCompare(b.modality) || byAge(a, b)
	};
	return [...cases].sort(cmp[sort]);
}
