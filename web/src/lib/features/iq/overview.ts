import type { IqReview } from '@rounds/shared/reviews/iq-review.schema';
import { needsLead } from './escalation.ts';

export interface OpenRow {
	modality: string;
	toDo: number;
	started: number;
	overdue: number;
	declined: number;
}

/** What a lead's image-quality page lists, from the reviews on the device. */
export function leadOverview(reviews: IqReview[], modalities: string[] | 'all', today: string) {
	const mine = reviews.filter((r) => modalities === 'all' || modalities.includes(r.modality));
	const open = (r: IqReview) => r.status === 'assigned' || r.status === 'draft';
	const rows = new Map<string, OpenRow>();
	for (const r of mine) {
		if (!open(r) && r.status !== 'declined') continue;
		const row = rows.get(r.modality) ?? {
			modality: r.modality,
			toDo: 0,
			started: 0,
			overdue: 0,
			declined: 0
		};
		if (r.status === 'assigned') row.toDo++;
		if (r.status === 'draft') row.started++;
		if (open(r) && r.dueOn < today) row.overdue++;
		if (r.status === 'declined') row.declined++;
		rows.set(r.modality, row);
	}
	const bySubmitted = (a: IqReview, b: IqReview) =>
		(a.submittedAt ?? '').localeCompare(b.submittedAt ?? '');
	return {
		attention: mine.filter(needsLead).sort(bySubmitted),
		openByModality: [...rows.values()].sort((a, b) => a.modality.localeCompare(b.modality)),
		toReassign: mine
			.filter((r) => r.status === 'declined' || (open(r) && r.dueOn < today))
			.sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
		candidates: mine
			.filter((r) => r.roundsCandidate && r.status === 'submitted')
			.sort(bySubmitted)
			.reverse(),
		recentlyClosed: mine
			.filter((r) => r.escalation?.status === 'closed')
			.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
			.slice(0, 10)
	};
}
