/**
 * Presentation mode, pure: which slides a conference shows, whether it may be shown at all (the
 * anonymization gate), and how the keys and buttons move through it. The components only render.
 */
import type { Conference, PresentationCase } from '@rounds/shared/conferences/conference.schema';

export type CaseSection = 'history' | 'findings' | 'discussion' | 'teaching';
export type Slide =
	| { kind: 'title' }
	| { kind: CaseSection; caseId: string; caseNumber: number }
	| { kind: 'closing' };

type DeckCase = Pick<
	PresentationCase,
	'id' | 'title' | 'history' | 'findings' | 'discussion' | 'teachingPoints' | 'images'
>;

/** The agenda's cases in `caseIds` order; ids with no case on this device are left out. */
export function agendaCases<C extends { id: string }>(
	conference: Pick<Conference, 'caseIds'>,
	cases: readonly C[]
): C[] {
	const byId = new Map(cases.map((c) => [c.id, c]));
	return conference.caseIds.flatMap((id) => {
		const c = byId.get(id);
		return c ? [c] : [];
	});
}

const has = (s: string) => s.trim().length > 0;

/**
 * The slides: a title slide, then for each agenda case its history, findings with key images,
 * discussion and teaching points (a section with nothing to show is skipped, but every case
 * keeps at least one slide so its title is seen), then the closing slide.
 */
export function buildSlides(
	conference: Pick<Conference, 'caseIds'>,
	cases: readonly DeckCase[]
): Slide[] {
	const slides: Slide[] = [{ kind: 'title' }];
	agendaCases(conference, cases).forEach((c, i) => {
		const caseNumber = i + 1;
		const present: Record<CaseSection, boolean> = {
			history: has(c.history),
			findings: has(c.findings) || c.images.length > 0,
			discussion: has(c.discussion),
			teaching: has(c.teachingPoints)
		};
		const sections = (['history', 'findings', 'discussion', 'teaching'] as const).filter(
			(s) => present[s]
		);
		for (const kind of sections.length ? sections : (['history'] as const))
			slides.push({ kind, caseId: c.id, caseNumber });
	});
	slides.push({ kind: 'closing' });
	return slides;
}

/** The closing slide's list: each agenda case that has teaching points, in agenda order. */
export function closingPoints(
	conference: Pick<Conference, 'caseIds'>,
	cases: readonly DeckCase[]
): { caseNumber: number; title: string; teachingPoints: string }[] {
	return agendaCases(conference, cases).flatMap((c, i) =>
		has(c.teachingPoints)
			? [{ caseNumber: i + 1, title: c.title, teachingPoints: c.teachingPoints.trim() }]
			: []
	);
}

export type BlockReason = 'missing' | 'not-ready' | 'changed';
export interface Blocker {
	id: string;
	/** Empty when the case is not on this device. */
	title: string;
	reason: BlockReason;
}

/**
 * The anonymization gate as presenting sees it: every agenda case must be on this device,
 * marked ready (`gatePassedAt`), and still pass the check now (`stillPasses`: the detector
 * re-run, since a directory or site change can add hits after the case was marked ready).
 */
export function presentBlockers(
	conference: Pick<Conference, 'caseIds'>,
	cases: readonly PresentationCase[],
	stillPasses: (c: PresentationCase) => boolean
): Blocker[] {
	const byId = new Map(cases.map((c) => [c.id, c]));
	return conference.caseIds.flatMap((id): Blocker[] => {
		const c = byId.get(id);
		if (!c) return [{ id, title: '', reason: 'missing' }];
		if (c.gatePassedAt === null) return [{ id, title: c.title, reason: 'not-ready' }];
		if (!stillPasses(c)) return [{ id, title: c.title, reason: 'changed' }];
		return [];
	});
}

/** Where the presenter is: the slide, whether the check-in slide covers it, notes shown. */
export interface DeckState {
	index: number;
	checkin: boolean;
	notes: boolean;
}
export type DeckAction =
	| { type: 'next' }
	| { type: 'prev' }
	| { type: 'first' }
	| { type: 'last' }
	| { type: 'goto'; index: number }
	| { type: 'toggle-checkin' }
	| { type: 'toggle-notes' };

export const initialDeck: DeckState = { index: 0, checkin: false, notes: false };

const clamp = (i: number, count: number) => Math.max(0, Math.min(count - 1, Math.trunc(i)));

/**
 * The state machine. The check-in slide is an interruption: it keeps the slide underneath, so
 * `Q` again, → or ← return to exactly that slide (the room has not seen anything further yet);
 * Home, End and a jump leave it and go where asked. Moves stop at both ends.
 */
export function reduce(s: DeckState, a: DeckAction, count: number): DeckState {
	const n = Math.max(1, count);
	switch (a.type) {
		case 'toggle-notes':
			return { ...s, notes: !s.notes };
		case 'toggle-checkin':
			return { ...s, checkin: !s.checkin };
		case 'next':
		case 'prev':
			if (s.checkin) return { ...s, checkin: false };
			return { ...s, index: clamp(s.index + (a.type === 'next' ? 1 : -1), n) };
		case 'first':
			return { ...s, checkin: false, index: 0 };
		case 'last':
			return { ...s, checkin: false, index: n - 1 };
		case 'goto':
			return Number.isFinite(a.index) ? { ...s, checkin: false, index: clamp(a.index, n) } : s;
	}
}

/** What Escape does: close the check-in slide first, then leave full screen, then exit. */
export function escapeAction(
	s: DeckState,
	fullscreen: boolean
): 'close-checkin' | 'leave-fullscreen' | 'exit' {
	if (s.checkin) return 'close-checkin';
	return fullscreen ? 'leave-fullscreen' : 'exit';
}

export interface KeyInput {
	key: string;
	shiftKey?: boolean;
	ctrlKey?: boolean;
	metaKey?: boolean;
	altKey?: boolean;
}

/**
 * The deck's keys (presentation clickers send PageDown/PageUp). Shortcuts with Ctrl, Cmd or Alt
 * stay the browser's; Shift+Space goes back as in slide software.
 */
export function keyAction(e: KeyInput): DeckAction | 'escape' | null {
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	switch (e.key) {
		case 'ArrowRight':
		case 'ArrowDown':
		case 'PageDown':
			return { type: 'next' };
		case ' ':
		case 'Spacebar':
			return { type: e.shiftKey ? 'prev' : 'next' };
		case 'ArrowLeft':
		case 'ArrowUp':
		case 'PageUp':
			return { type: 'prev' };
		case 'Home':
			return { type: 'first' };
		case 'End':
			return { type: 'last' };
		case 'n':
		case 'N':
			return { type: 'toggle-notes' };
		case 'q':
		case 'Q':
			return { type: 'toggle-checkin' };
		case 'Escape':
			return 'escape';
		default:
			return null;
	}
}
