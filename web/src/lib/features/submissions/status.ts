import type { Submission } from '@rounds/shared/submissions/submission.schema';

/** What the submitter sees: the stored status, plus "waiting to sync" for unconfirmed writes. */
export type DisplayStatus = 'draft' | 'pending' | 'submitted' | 'in-review' | 'closed';

/** A submitted case stays "waiting to sync" until the server has confirmed it. */
export function displayStatus(s: Pick<Submission, 'status'>, pending: boolean): DisplayStatus {
	if (s.status === 'draft') return 'draft';
	if (pending) return 'pending';
	return s.status;
}

/** Submissions of one person, drafts first, then the newest. */
export function mySubmissions<
	S extends Pick<Submission, 'submitterId' | 'status' | 'updatedAt' | 'submittedAt'>
>(all: readonly S[], personId: string): S[] {
	const when = (s: S) => s.submittedAt ?? s.updatedAt;
	return all
		.filter((s) => s.submitterId === personId)
		.sort((a, b) => {
			const drafts = Number(b.status === 'draft') - Number(a.status === 'draft');
			return drafts || when(b).localeCompare(when(a));
		});
}
