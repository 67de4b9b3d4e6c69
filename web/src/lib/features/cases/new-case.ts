import type { PresentationCase } from '@rounds/shared/conferences/conference.schema';
import type { IqReview } from '@rounds/shared/reviews/iq-review.schema';
import type { Submission } from '@rounds/shared/submissions/submission.schema';

/** What a case is prepared from: only the fields a neutral title may use are read. */
export type CaseSource =
	| { kind: 'submission'; doc: Pick<Submission, 'id' | 'modality' | 'reason'> }
	| { kind: 'iq-review'; doc: Pick<IqReview, 'id' | 'modality'> }
	| { kind: 'other' };

const LABELS = {
	en: {
		reason: {
			discrepancy: 'discrepancy',
			'great-call': 'great call',
			'near-miss': 'near miss',
			'interesting-case': 'interesting case',
			'system-issue': 'system issue'
		},
		iq: 'image quality',
		other: 'New case'
	},
	fr: {
		reason: {
			discrepancy: 'divergence',
			'great-call': 'bon diagnostic',
			'near-miss': 'quasi-incident',
			'interesting-case': 'cas intéressant',
			'system-issue': 'problème de système'
		},
		iq: 'qualité d’image',
		other: 'Nouveau cas'
	}
} as const;

/** A neutral title from the source's kind only ("CT — discrepancy"): never its text. */
export function suggestedTitle(source: CaseSource, locale: 'en' | 'fr' = 'en'): string {
	const l = LABELS[locale];
	if (source.kind === 'submission')
		return `${source.doc.modality} — ${l.reason[source.doc.reason]}`;
	if (source.kind === 'iq-review') return `${source.doc.modality} — ${l.iq}`;
	return l.other;
}

/**
 * An EMPTY presentation case for a conference: the lead writes it from scratch, so nothing of
 * the source is copied (no accession, description, reader or submitter), only its id for
 * reference and a neutral title.
 */
export function newCaseFrom(
	source: CaseSource,
	conferenceId: string,
	authorId: string,
	now: string,
	options: { id?: string; locale?: 'en' | 'fr' } = {}
): PresentationCase {
	return {
		id: options.id ?? `case-${crypto.randomUUID()}`,
		createdAt: now,
		updatedAt: now,
		conferenceId,
		authorId,
		sourceKind: source.kind,
		sourceId: source.kind === 'other' ? '' : source.doc.id,
		title: suggestedTitle(source, options.locale),
		history: '',
		findings: '',
		discussion: '',
		teachingPoints: '',
		speakerNotes: '',
		images: [],
		acceptedHits: [],
		gatePassedAt: null
	};
}
