import type { SettingsOf } from '@rounds/shared/org/settings.schema';
import {
	checkIqReview,
	type ChecklistTemplate,
	type IqReview,
	type ReviewProblem
} from '@rounds/shared/reviews/iq-review.schema';

export type CriteriaTemplate = SettingsOf<'criteria-template'>;
export type Answer = IqReview['answers'][string];

/** What the reviewer fills in; everything else on the review is the assignment's. */
export interface ReviewForm {
	answers: Record<string, Answer>;
	ranking: string;
	comment: string;
	attentionRequired: boolean;
	attentionReason: string;
}

export const COMMENT_MAX = 2000;
export const ATTENTION_MAX = 1000;
export const DECLINE_MAX = 500;

/** The review states in which the reviewer can still answer. */
export const isOpen = (r: Pick<IqReview, 'status'>): boolean =>
	r.status === 'assigned' || r.status === 'draft';

export function formFromReview(r: IqReview): ReviewForm {
	return {
		answers: { ...r.answers },
		ranking: r.ranking,
		comment: r.comment,
		attentionRequired: r.attentionRequired,
		attentionReason: r.attentionReason
	};
}

/** True when the form holds something the stored review does not. */
export function formChanged(r: IqReview, f: ReviewForm): boolean {
	return JSON.stringify(formFromReview(r)) !== JSON.stringify(f);
}

/** The review as a draft holding the form (an untouched assignment stays 'assigned'). */
export function asDraft(r: IqReview, f: ReviewForm, now: string): IqReview {
	return { ...r, ...f, answers: { ...f.answers }, status: 'draft', updatedAt: now };
}

/** The review as submitted, or the problems that stop it (same check the server runs). */
export function asSubmitted(
	r: IqReview,
	f: ReviewForm,
	template: ChecklistTemplate | undefined,
	now: string
): { doc: IqReview | null; problems: ReviewProblem[] } {
	const doc: IqReview = {
		...r,
		...f,
		answers: { ...f.answers },
		attentionReason: f.attentionRequired ? f.attentionReason.trim() : '',
		comment: f.comment.trim(),
		status: 'submitted',
		submittedAt: now,
		updatedAt: now
	};
	const problems = checkIqReview(doc, template);
	return { doc: problems.length ? null : doc, problems };
}

export function asDeclined(
	r: IqReview,
	reason: string,
	now: string
): { doc: IqReview | null; problems: ReviewProblem[] } {
	const doc: IqReview = { ...r, status: 'declined', declineReason: reason.trim(), updatedAt: now };
	const problems = checkIqReview(doc, undefined);
	return { doc: problems.length ? null : doc, problems };
}

/** The current (not retired) template of a modality: the highest version. */
export function currentTemplate(
	templates: CriteriaTemplate[],
	modality: string
): CriteriaTemplate | undefined {
	return templates
		.filter((t) => t.data.modality === modality && !t.data.retired && t.active)
		.sort((a, b) => b.data.version - a.data.version)[0];
}

/**
 * Moves an open review to a newer checklist version. Answers to criteria that exist in both
 * versions (same id) carry over; a ranking not on the new scale is cleared.
 */
export function switchTemplate(r: IqReview, f: ReviewForm, to: CriteriaTemplate, now: string) {
	const ids = new Set(to.data.criteria.map((c) => c.id));
	const answers = Object.fromEntries(
		Object.entries(f.answers).filter(
			([id, a]) => ids.has(id) && (a !== 'na' || to.data.criteria.find((c) => c.id === id)?.allowNa)
		)
	);
	const form: ReviewForm = {
		...f,
		answers,
		ranking: to.data.rankingScale.includes(f.ranking) ? f.ranking : ''
	};
	return {
		form,
		doc: {
			...asDraft(r, form, now),
			templateId: to.id,
			templateVersion: to.data.version
		} satisfies IqReview
	};
}

/** How many criteria of the template the form has answered. */
export function answeredCount(f: ReviewForm, t: ChecklistTemplate | undefined): number {
	return t ? t.criteria.filter((c) => f.answers[c.id]).length : 0;
}

/** Due state of an open review on `today` (YYYY-MM-DD): overdue, due within 3 days, or later. */
export function dueState(r: Pick<IqReview, 'dueOn' | 'status'>, today: string) {
	if (!isOpen(r)) return 'done' as const;
	if (r.dueOn < today) return 'overdue' as const;
	const soon = new Date(`${today}T00:00:00Z`);
	soon.setUTCDate(soon.getUTCDate() + 3);
	return r.dueOn <= soon.toISOString().slice(0, 10) ? ('soon' as const) : ('later' as const);
}

/** A reviewer's list: open ones first by due date, then finished ones, newest first. */
export function myReviews(all: IqReview[], userId: string): { open: IqReview[]; done: IqReview[] } {
	const mine = all.filter((r) => r.reviewerId === userId);
	return {
		open: mine
			.filter(isOpen)
			.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.performedAt.localeCompare(b.performedAt)),
		done: mine
			.filter((r) => !isOpen(r))
			.sort((a, b) => (b.submittedAt ?? b.updatedAt).localeCompare(a.submittedAt ?? a.updatedAt))
	};
}

/** The viewer link for an exam, from the program's URL template (`{accession}` replaced). */
export function viewerUrl(template: string, accession: string): string | null {
	if (!template.includes('{accession}')) return null;
	const url = template.replaceAll('{accession}', encodeURIComponent(accession));
	return /^https?:\/\//.test(url) ? url : null;
}
