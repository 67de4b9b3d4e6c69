import type { Modality } from '@rounds/shared/common.schema';
import type { Person } from '@rounds/shared/identity/identity.schema';
import {
	checkSubmission,
	emptyTriage,
	mayNeedCareAction,
	submissionSchema,
	TEXT_LIMITS,
	type CARE_ACTIONS,
	type DISCREPANCY_TYPES,
	type REASONS,
	type SOURCES,
	type Submission,
	type SubmissionContext
} from '@rounds/shared/submissions/submission.schema';
import type { SectionOption, SiteOption } from './org-settings.ts';

type Reason = (typeof REASONS)[number];
type DiscrepancyType = (typeof DISCREPANCY_TYPES)[number];
type Source = (typeof SOURCES)[number];
type CareAction = (typeof CARE_ACTIONS)[number];

/** What the submit form edits; '' stands for "not chosen yet". */
export interface SubmissionForm {
	accession: string;
	siteId: string;
	modality: Modality | '';
	sectionId: string;
	reason: Reason | '';
	discrepancyType: DiscrepancyType | '';
	source: Source;
	description: string;
	teachingPoint: string;
	mayAffectCare: boolean;
	careAction: CareAction | '';
	attested: boolean;
	originalReaderId: string;
	followUpOn: string;
}

/** Form fields in screen order: the error summary and "focus first error" follow it. */
export const FORM_FIELDS = [
	'accession',
	'siteId',
	'modality',
	'sectionId',
	'reason',
	'discrepancyType',
	'source',
	'description',
	'teachingPoint',
	'careAction',
	'attested',
	'originalReaderId',
	'followUpOn'
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export const ACCESSION_MAX = 40;
export const DESCRIPTION_MAX = TEXT_LIMITS.description;
export const TEACHING_POINT_MAX = TEXT_LIMITS.teachingPoint;
const DEFAULT_SOURCE: Source = 'prior-comparison';

/** The choices worth carrying from one submission to the next (the same shift, the same room). */
export type Carried = Pick<SubmissionForm, 'siteId' | 'sectionId' | 'source' | 'modality'>;

/**
 * Defaults for a new submission: site, section, source and modality from the last submission,
 * otherwise from the person's directory entry. Only values that still exist are used.
 */
export function initialForm(
	person: Pick<Person, 'siteIds' | 'sectionIds' | 'modalities'>,
	last: Carried | null,
	sites: readonly SiteOption[],
	sections: readonly SectionOption[]
): SubmissionForm {
	const siteIds = new Set(sites.map((s) => s.id));
	const sectionIds = new Set(sections.map((s) => s.id));
	const siteId =
		[last?.siteId, ...person.siteIds].find((id) => id && siteIds.has(id)) ?? sites[0]?.id ?? '';
	const sectionId =
		[last?.sectionId, ...person.sectionIds].find((id) => id && sectionIds.has(id)) ?? '';
	const modality = last?.modality || (person.modalities.length === 1 ? person.modalities[0] : '');
	return {
		accession: '',
		siteId,
		modality: modality ?? '',
		sectionId,
		reason: '',
		discrepancyType: '',
		source: last?.source ?? DEFAULT_SOURCE,
		description: '',
		teachingPoint: '',
		mayAffectCare: false,
		careAction: '',
		attested: false,
		originalReaderId: '',
		followUpOn: ''
	};
}

/** A fresh form that keeps the carried choices ("Submit another"). */
export function nextForm(previous: SubmissionForm): SubmissionForm {
	return {
		...previous,
		accession: '',
		reason: '',
		discrepancyType: '',
		description: '',
		teachingPoint: '',
		mayAffectCare: false,
		careAction: '',
		attested: false,
		originalReaderId: '',
		followUpOn: ''
	};
}

/** The form for an existing (draft) submission. */
export function formFromSubmission(s: Submission): SubmissionForm {
	return {
		accession: s.accession,
		siteId: s.siteId,
		modality: s.modality,
		sectionId: s.sectionId,
		reason: s.reason,
		discrepancyType: s.discrepancyType ?? '',
		source: s.source,
		description: s.description,
		teachingPoint: s.teachingPoint,
		mayAffectCare: s.mayAffectCare,
		careAction: s.careAction ?? '',
		attested: s.attested,
		originalReaderId: s.originalReaderId ?? '',
		followUpOn: s.followUpOn ?? ''
	};
}

/**
 * A draft needs a site, a modality and a reason before it can be stored: the stored document
 * must satisfy the shared schema and we will not invent choices the user has not made.
 */
export function canStoreDraft(f: SubmissionForm): boolean {
	return f.siteId !== '' && f.modality !== '' && f.reason !== '';
}

/** Whether the patient-care question applies to the chosen reason. */
export function asksAboutCare(f: Pick<SubmissionForm, 'reason'>): boolean {
	return f.reason !== '' && mayNeedCareAction(f.reason);
}

export interface DocMeta {
	id: string;
	submitterId: string;
	now: string;
	/** Kept from the stored draft when there is one. */
	createdAt?: string;
}

/**
 * Maps the form to a submission document. Answers that no longer apply (a discrepancy kind
 * after the reason changed, a care action after "may affect care" was unticked) are dropped
 * rather than stored. `null` when required choices are missing.
 */
export function toSubmission(
	f: SubmissionForm,
	status: 'draft' | 'submitted',
	meta: DocMeta
): Submission | null {
	if (f.modality === '' || f.reason === '') return null;
	const care = asksAboutCare(f) && f.mayAffectCare;
	return {
		id: meta.id,
		createdAt: meta.createdAt ?? meta.now,
		updatedAt: meta.now,
		submitterId: meta.submitterId,
		status,
		accession: f.accession.trim(),
		siteId: f.siteId,
		modality: f.modality,
		sectionId: f.sectionId,
		reason: f.reason,
		discrepancyType: f.reason === 'discrepancy' && f.discrepancyType ? f.discrepancyType : null,
		source: f.source,
		description: f.description,
		teachingPoint: f.teachingPoint,
		mayAffectCare: care,
		careAction: care && f.careAction ? f.careAction : null,
		attested: care && f.attested,
		originalReaderId: f.originalReaderId || null,
		followUpOn: f.followUpOn || null,
		submittedAt: status === 'submitted' ? meta.now : null,
		triage: emptyTriage()
	};
}

/** One inline message: an i18n key under `features.submit.errors`, with a fallback text. */
export interface FormError {
	field: FormField;
	key: string;
	fallback: string;
}

/** Messages of `checkSubmission` (English, shared with the server) mapped to i18n keys. */
const CHECK_KEYS: Record<string, string> = {
	'Unknown site': 'unknownSite',
	'Accession number is required': 'accessionRequired',
	'Accession number does not match this site’s format': 'accessionFormat',
	'Choose the kind of discrepancy': 'discrepancyType',
	'Only discrepancies have a kind': 'discrepancyType',
	'Describe the case': 'description',
	'Choose the patient-care action needed': 'careAction',
	'Confirm that optimal patient care has been ensured': 'attested',
	'The original reader must be a radiologist': 'readerNotRadiologist',
	'You cannot be the original reader': 'readerSelf'
};

const asField = (f: string): FormField =>
	(FORM_FIELDS as readonly string[]).includes(f) ? (f as FormField) : 'description';

/**
 * Everything wrong with the form for submitting, in screen order, one message per field:
 * required choices first, then the shared schema, then the shared business rules.
 */
export function validateForSubmit(
	f: SubmissionForm,
	meta: DocMeta,
	ctx: SubmissionContext
): { doc: Submission | null; errors: FormError[] } {
	const errors: FormError[] = [];
	if (f.modality === '')
		errors.push({ field: 'modality', key: 'modality', fallback: 'Choose the modality' });
	if (f.reason === '')
		errors.push({ field: 'reason', key: 'reason', fallback: 'Choose why you are submitting' });
	const doc = toSubmission(f, 'submitted', meta);
	// Without a modality or reason there is no document yet, but every other field can still be
	// checked, so one attempt reports everything: stand-ins that trigger no rule of their own.
	const checked =
		doc ??
		toSubmission(
			{ ...f, modality: f.modality || 'XR', reason: f.reason || 'interesting-case' },
			'submitted',
			meta
		);
	if (checked) {
		const parsed = submissionSchema.safeParse(checked);
		if (!parsed.success)
			for (const issue of parsed.error.issues) {
				const field = asField(String(issue.path[0] ?? ''));
				const tooLong = issue.code === 'too_big';
				errors.push({
					field,
					key: tooLong ? 'tooLong' : 'invalid',
					fallback: tooLong ? 'This text is too long' : issue.message
				});
			}
		for (const e of checkSubmission(checked, ctx))
			errors.push({
				field: asField(e.field),
				key: CHECK_KEYS[e.message] ?? 'invalid',
				fallback: e.message
			});
	}
	const first = new Map<FormField, FormError>();
	for (const e of errors) if (!first.has(e.field)) first.set(e.field, e);
	const ordered = FORM_FIELDS.flatMap((field) => {
		const e = first.get(field);
		return e ? [e] : [];
	});
	return { doc: ordered.length ? null : doc, errors: ordered };
}

/** Live state of the accession field against the chosen site's pattern. */
export function accessionState(
	accession: string,
	site: Pick<SiteOption, 'accessionPattern'> | undefined
): 'empty' | 'ok' | 'mismatch' | 'unknown-site' {
	const value = accession.trim();
	if (!value) return 'empty';
	if (!site) return 'unknown-site';
	return new RegExp(`^(?:${site.accessionPattern})$`).test(value) ? 'ok' : 'mismatch';
}

/** The context `checkSubmission` needs, from local data. */
export function submissionContext(
	sites: readonly SiteOption[],
	people: readonly Pick<Person, 'id' | 'roles' | 'active'>[]
): SubmissionContext {
	return {
		accessionPatternOf: (siteId) => sites.find((s) => s.id === siteId)?.accessionPattern,
		isRadiologist: (id) =>
			people.some((p) => p.id === id && p.active && p.roles.includes('radiologist'))
	};
}

/** Lower case without accents, so "helene" finds "Hélène". */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase().trim();

/** People who may be named as the original reader: active radiologists other than oneself,
 * found by any words of their name or email (names can repeat; addresses cannot). */
export function readerCandidates<
	P extends Pick<Person, 'id' | 'name' | 'roles' | 'active'> & { email?: string }
>(people: readonly P[], selfId: string, query: string, limit = 8): P[] {
	const words = fold(query).split(/\s+/).filter(Boolean);
	return people
		.filter((p) => p.active && p.id !== selfId && p.roles.includes('radiologist'))
		.filter((p) => {
			const text = fold(`${p.name} ${p.email ?? ''}`);
			return words.every((w) => text.includes(w));
		})
		.sort((a, b) => a.name.localeCompare(b.name) || (a.email ?? '').localeCompare(b.email ?? ''))
		.slice(0, limit);
}
