import type { Person, Role } from '../identity/identity.schema.ts';
import type { CollectionName, DocOf } from './registry.ts';
import { canonicalJson } from './canonical.ts';

/**
 * Who may read and write what. Pure and shared: the server enforces it on every pull and
 * push; the web app uses it only to hide controls. Reads are expressed as *principals*
 * stored with each document, so a pull is one indexed array-overlap query and a forged
 * checkpoint can never widen it.
 */
export type Principal = string;
export type Actor = Pick<
	Person,
	'id' | 'roles' | 'chiefOfSectionIds' | 'leadOfModalities' | 'active'
>;

export const ALL: Principal = 'all';
export const user = (id: string): Principal => `user:${id}`;
export const roleP = (r: Role): Principal => `role:${r}`;
export const chiefOf = (sectionId: string): Principal => `chief:${sectionId}`;
export const leadOf = (modality: string): Principal => `lead:${modality}`;
/** Submissions without a section wait in the director's queue. */
export const DIRECTOR: Principal = roleP('peer_learning_director');

/** Every principal an actor holds. */
export function principalsOf(a: Actor): Principal[] {
	return [
		ALL,
		user(a.id),
		...a.roles.map(roleP),
		...a.chiefOfSectionIds.map(chiefOf),
		...a.leadOfModalities.map(leadOf)
	];
}

type Readers = { [N in CollectionName]: (doc: DocOf<N>) => Principal[] };

/** Which principals may read a document. */
export const readers: Readers = {
	people: () => [ALL],
	settings: (d) =>
		d.kind === 'conference-key'
			? [DIRECTOR, roleP('admin_support'), ...asStrings(d.data.facilitatorIds).map(user)]
			: [ALL],
	submissions: (d) =>
		d.status === 'draft'
			? [user(d.submitterId)]
			: [user(d.submitterId), DIRECTOR, ...(d.sectionId ? [chiefOf(d.sectionId)] : [])],
	// The submitter is deliberately absent: feedback is between the chief and the reader.
	feedback: (d) => [
		user(d.senderId),
		DIRECTOR,
		...(d.sectionId ? [chiefOf(d.sectionId)] : []),
		...(d.status === 'draft' ? [] : [user(d.readerId)])
	],
	notifications: (d) => [user(d.userId)],
	exams: (d) => [DIRECTOR, roleP('system_admin'), roleP('admin_support'), leadOf(d.modality)],
	iq_reviews: (d) => [user(d.reviewerId), DIRECTOR, leadOf(d.modality)],
	conferences: () => [ALL],
	cases: (d) => [
		user(d.authorId),
		DIRECTOR,
		roleP('section_chief'),
		roleP('modality_quality_lead')
	],
	// Participation, not learning content: the people who run conferences (and so facilitate
	// them and see the live count) read it; OPPE exports count it.
	attendance: (d) => [
		user(d.userId),
		DIRECTOR,
		roleP('admin_support'),
		roleP('section_chief'),
		roleP('modality_quality_lead')
	],
	qi_initiatives: (d) => [
		user(d.ownerId),
		DIRECTOR,
		roleP('section_chief'),
		roleP('modality_quality_lead'),
		roleP('leadership_viewer')
	],
	survey_responses: () => [DIRECTOR]
};

function asStrings(v: unknown): string[] {
	return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Reads the readers of any registered collection's document. */
export function readersOf<N extends CollectionName>(collection: N, doc: DocOf<N>): Principal[] {
	return [...new Set((readers[collection] as (d: DocOf<N>) => Principal[])(doc))];
}

/** Context a write rule may need beyond the two document states. */
export interface WriteContext {
	person(id: string): Pick<Person, 'id' | 'roles' | 'active'> | undefined;
}

/** `null` when allowed, otherwise the reason in words a user can act on. */
export type Verdict = string | null;
type Rule<N extends CollectionName> = (
	a: Actor,
	prev: DocOf<N> | null,
	next: DocOf<N>,
	ctx: WriteContext
) => Verdict;
type Rules = { [N in CollectionName]: Rule<N> };

/** Review states in which the reviewer may still answer. */
const IQ_OPEN: string[] = ['assigned', 'draft'];

const is = (a: Actor, ...roles: Role[]) => a.roles.some((r) => roles.includes(r));
const DENIED = 'You do not have permission to change this record';

/** Top-level fields of `next` that differ from `prev` (deep, key order ignored: jsonb reorders keys). */
export function changedFields<T extends object>(prev: T, next: T): string[] {
	const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
	return [...keys].filter(
		(k) =>
			k !== 'updatedAt' &&
			canonicalJson((prev as Record<string, unknown>)[k]) !==
				canonicalJson((next as Record<string, unknown>)[k])
	);
}
function onlyChanged<T extends object>(prev: T, next: T, allowed: string[]): boolean {
	return changedFields(prev, next).every((f) => allowed.includes(f));
}

const triagers = (a: Actor, sectionId: string) =>
	is(a, 'peer_learning_director') || (sectionId !== '' && a.chiefOfSectionIds.includes(sectionId));

export const writeRules: Rules = {
	people: (a) => (is(a, 'system_admin') ? null : DENIED),
	settings: (a, prev, next) => {
		if (is(a, 'system_admin', 'peer_learning_director')) return null;
		if (next.kind === 'feedback-template' && is(a, 'section_chief')) return null;
		if (next.kind === 'criteria-template' && is(a, 'modality_quality_lead')) return null;
		if (next.kind === 'conference-key' && is(a, 'admin_support')) return null;
		if (
			next.kind === 'conference-key' &&
			asStrings((prev ?? next).data.facilitatorIds).includes(a.id)
		)
			return null;
		return DENIED;
	},
	submissions: (a, prev, next) => {
		if (!prev) {
			if (next.submitterId !== a.id) return 'You can only submit cases as yourself';
			if (next.status !== 'draft' && next.status !== 'submitted')
				return 'A new submission must be a draft or submitted';
			if (next.triage.triagedById || next.triage.closedAt) return 'Triage is for section chiefs';
			return null;
		}
		if (prev.submitterId !== next.submitterId) return 'The submitter cannot change';
		if (prev.status === 'draft' && prev.submitterId === a.id) {
			if (next.status !== 'draft' && next.status !== 'submitted')
				return 'A draft can only be submitted';
			if (changedFields(prev.triage, next.triage).length) return 'Triage is for section chiefs';
			return null;
		}
		if (triagers(a, prev.sectionId) && prev.status !== 'draft') {
			return onlyChanged(prev, next, ['status', 'triage', 'sectionId'])
				? null
				: 'Triage cannot change what the submitter wrote';
		}
		if (prev.submitterId === a.id) return 'A submitted case can no longer be edited';
		return DENIED;
	},
	feedback: (a, prev, next, ctx) => {
		const reader = ctx.person(next.readerId);
		if (!reader || !reader.roles.includes('radiologist')) return 'Feedback goes to a radiologist';
		if (prev && (prev.readerId !== next.readerId || prev.submissionId !== next.submissionId))
			return 'Feedback cannot be moved to another case or reader';
		if (triagers(a, (prev ?? next).sectionId)) {
			if (prev && !onlyChanged(prev, next, ['message', 'status', 'sentAt', 'kind', '_deleted']))
				return 'Only the reader can acknowledge or reply';
			if (!prev && next.senderId !== a.id) return 'You can only send feedback as yourself';
			return null;
		}
		if (prev && prev.readerId === a.id && prev.status !== 'draft') {
			if (!onlyChanged(prev, next, ['status', 'acknowledgedAt', 'reply', 'repliedAt']))
				return 'You can acknowledge and reply, nothing else';
			if (next.status === 'draft') return 'Feedback cannot return to draft';
			return null;
		}
		return DENIED;
	},
	notifications: (a, prev, next) =>
		prev && prev.userId === a.id && onlyChanged(prev, next, ['readAt']) ? null : DENIED,
	exams: (a, prev, next) =>
		is(a, 'system_admin', 'admin_support', 'peer_learning_director') ||
		(a.leadOfModalities.includes(next.modality) &&
			(!prev || a.leadOfModalities.includes(prev.modality)))
			? null
			: DENIED,
	iq_reviews: (a, prev, next) => {
		if (next.performerId && next.reviewerId === next.performerId)
			return 'Nobody reviews an exam they performed';
		const leads = is(a, 'peer_learning_director') || a.leadOfModalities.includes(next.modality);
		if (!prev) return leads || is(a, 'system_admin') ? null : DENIED;
		if (prev.modality !== next.modality) return 'The modality of an assignment cannot change';
		if (leads) return null;
		if (prev.reviewerId === a.id && IQ_OPEN.includes(prev.status)) {
			if (next.status === 'reassigned') return 'Only a quality lead can reassign a review';
			return onlyChanged(prev, next, [
				'status',
				'answers',
				'ranking',
				'comment',
				'attentionRequired',
				'attentionReason',
				'declineReason',
				'submittedAt',
				// Switching a draft to the current checklist version.
				'templateId',
				'templateVersion'
			])
				? null
				: 'Reviewers can answer the checklist, nothing else';
		}
		if (prev.reviewerId === a.id)
			return prev.status === 'reassigned'
				? 'This review was reassigned to someone else'
				: 'A submitted review can no longer be changed';
		return DENIED;
	},
	conferences: (a, prev, next) =>
		is(a, 'peer_learning_director', 'admin_support', 'section_chief', 'modality_quality_lead') ||
		(prev ?? next).facilitatorIds.includes(a.id)
			? null
			: DENIED,
	cases: (a, prev, next) =>
		(prev ?? next).authorId === a.id || is(a, 'peer_learning_director') ? null : DENIED,
	attendance: (a, prev, next) => {
		if (is(a, 'admin_support', 'peer_learning_director'))
			return next.method === 'qr' || next.reason.trim() ? null : 'Manual attendance needs a reason';
		if (!prev && next.userId === a.id && next.method === 'qr') return null;
		return DENIED;
	},
	qi_initiatives: (a) =>
		is(a, 'peer_learning_director', 'section_chief', 'modality_quality_lead') ? null : DENIED,
	// Only POST /api/survey/:id/responses creates them (one per person, no respondent stored):
	// a synced write would carry its author to the server and allow any number per person.
	survey_responses: (_a, prev) =>
		prev
			? 'Survey responses cannot be changed'
			: 'Survey responses are sent from the survey page, while online'
};

/** Checks one replicated write; inactive accounts write nothing. */
export function authorizeWrite<N extends CollectionName>(
	collection: N,
	actor: Actor,
	prev: DocOf<N> | null,
	next: DocOf<N>,
	ctx: WriteContext
): Verdict {
	if (!actor.active) return 'This account is deactivated';
	return (writeRules[collection] as Rule<N>)(actor, prev, next, ctx);
}
