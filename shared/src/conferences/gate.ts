/**
 * The anonymization gate: nothing is shown to a group until every identifier the detector finds
 * in a case is fixed or explicitly accepted by the lead, and every key image was checked for
 * burned-in text. Pure; the case editor shows it, the conference pages block presenting with it.
 */
import type { Person } from '../identity/identity.schema.ts';
import type { Settings } from '../org/settings.schema.ts';
import type { PresentationCase } from './conference.schema.ts';
import { createDetector, type Detector, type IdentifierHit } from './identifiers.ts';

/** The case's text fields the detector reads, in the order the editor shows them. */
export const CASE_TEXT_FIELDS = [
	'title',
	'history',
	'findings',
	'discussion',
	'teachingPoints',
	'speakerNotes'
] as const;
export type CaseTextField = (typeof CASE_TEXT_FIELDS)[number];

/** The field name hits in an image caption carry. */
export const captionField = (imageId: string) => `image:${imageId}`;

/** What the gate reads; a draft being edited has the same shape. */
export type GateInput = Pick<
	PresentationCase,
	CaseTextField | 'images' | 'acceptedHits' | 'gatePassedAt'
>;

export interface GateHit extends IdentifierHit {
	/** True when the lead accepted this text as not identifying. */
	accepted: boolean;
}

export interface GateResult {
	passes: boolean;
	/** Every hit, accepted or not, in field order. */
	hits: GateHit[];
	/** Hits still to fix or accept. */
	open: GateHit[];
	/** Ids of images not yet confirmed free of burned-in text. */
	uncheckedImages: string[];
}

/**
 * The detector for cases of this program: every site's accession pattern, everyone in the
 * directory (inactive people too: a former colleague's name still identifies), and the source's
 * own identifiers (its accession number).
 */
export function caseDetector(
	settings: readonly Pick<Settings, 'kind' | 'data'>[],
	people: readonly Pick<Person, 'name'>[],
	literals: readonly string[] = []
): Detector {
	const accessionPatterns = settings.flatMap((s) =>
		s.kind === 'site' && typeof s.data.accessionPattern === 'string'
			? [s.data.accessionPattern]
			: []
	);
	return createDetector({ accessionPatterns, names: people.map((p) => p.name), literals });
}

/** Accepted hits match by text, ignoring case, accents and spacing ("LG 2600" ≠ "LG2600"). */
export function acceptanceKey(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Runs the detector over every text field and caption of a case. */
export function caseHits(c: GateInput, detect: Detector): IdentifierHit[] {
	return [
		...CASE_TEXT_FIELDS.flatMap((f) => detect(c[f], f)),
		...c.images.flatMap((img) => detect(img.caption, captionField(img.id)))
	];
}

/** Where the case stands against the gate. */
export function checkGate(c: GateInput, detect: Detector): GateResult {
	const accepted = new Set(c.acceptedHits.map((a) => acceptanceKey(a.text)));
	const hits = caseHits(c, detect).map((h) => ({
		...h,
		accepted: accepted.has(acceptanceKey(h.text))
	}));
	const open = hits.filter((h) => !h.accepted);
	const uncheckedImages = c.images.filter((i) => !i.burnedInChecked).map((i) => i.id);
	return { passes: open.length === 0 && uncheckedImages.length === 0, hits, open, uncheckedImages };
}

/** The most hits a case can accept (the schema's bound) and the longest text one may carry. */
export const MAX_ACCEPTED = 100;
export const MAX_ACCEPTED_TEXT = 200;

/**
 * Records that the lead judged this text not identifying (who and when). Refused (null) when
 * the text is too long to record or the case already holds the most acceptances it can: then
 * the text must be fixed instead.
 */
export function acceptHit<C extends GateInput>(
	c: C,
	text: string,
	byId: string,
	now: string
): C | null {
	const t = text.trim();
	if (!t || t.length > MAX_ACCEPTED_TEXT) return null;
	if (c.acceptedHits.some((a) => acceptanceKey(a.text) === acceptanceKey(t))) return c;
	if (c.acceptedHits.length >= MAX_ACCEPTED) return null;
	return { ...c, acceptedHits: [...c.acceptedHits, { text: t, byId, at: now }] };
}

/** Withdraws an acceptance; the gate must be passed again. */
export function withdrawAcceptance<C extends GateInput>(c: C, text: string): C {
	const key = acceptanceKey(text);
	const acceptedHits = c.acceptedHits.filter((a) => acceptanceKey(a.text) !== key);
	if (acceptedHits.length === c.acceptedHits.length) return c;
	return { ...c, acceptedHits, gatePassedAt: null };
}

/** The parts of a case whose change means it must pass the gate again. */
const CONTENT_KEYS = [...CASE_TEXT_FIELDS, 'images', 'acceptedHits'] as const;
type Content = Pick<PresentationCase, (typeof CONTENT_KEYS)[number]>;

function sameContent(a: Content, b: Content): boolean {
	return CONTENT_KEYS.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/**
 * Applies an edit to a stored case. Any change of content after the gate passed clears
 * `gatePassedAt`, so a case edited after review is blocked until it passes again.
 */
export function withEdit(
	prev: PresentationCase,
	patch: Partial<Content>,
	now: string
): PresentationCase {
	const next = { ...prev, ...patch };
	if (sameContent(prev, next)) return prev;
	return { ...next, updatedAt: now, gatePassedAt: null };
}

/**
 * Marks the case ready to present when the gate passes now; otherwise returns the gate's
 * result so the editor can say what still blocks.
 */
export function markReady(
	c: PresentationCase,
	detect: Detector,
	now: string
): { ok: true; case: PresentationCase } | { ok: false; gate: GateResult } {
	const gate = checkGate(c, detect);
	if (!gate.passes) return { ok: false, gate };
	return { ok: true, case: { ...c, gatePassedAt: now, updatedAt: now } };
}

/** True when the case is marked ready and still passes (a directory change can add hits). */
export function readyToPresent(c: PresentationCase, detect: Detector): boolean {
	return c.gatePassedAt !== null && checkGate(c, detect).passes;
}
