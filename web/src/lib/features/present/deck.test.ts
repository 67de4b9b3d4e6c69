import { describe, expect, it } from 'vitest';
import {
	buildSlides,
	closingPoints,
	escapeAction,
	initialDeck,
	keyAction,
	presentBlockers,
	reduce,
	type DeckAction,
	type DeckState
} from './deck.ts';
import { caseOf, conferenceOf, PIXEL } from './test-factories.ts';

const image = { id: 'img-1', dataUrl: PIXEL, caption: 'Axial CT', burnedInChecked: true };

describe('slides', () => {
	it('shows a title, each agenda case in caseIds order section by section, then the closing slide', () => {
		const a = caseOf('a');
		const b = caseOf('b', { images: [image] });
		const slides = buildSlides(conferenceOf({ caseIds: ['b', 'a'] }), [a, b]);
		expect(slides).toEqual([
			{ kind: 'title' },
			{ kind: 'history', caseId: 'b', caseNumber: 1 },
			{ kind: 'findings', caseId: 'b', caseNumber: 1 },
			{ kind: 'discussion', caseId: 'b', caseNumber: 1 },
			{ kind: 'teaching', caseId: 'b', caseNumber: 1 },
			{ kind: 'history', caseId: 'a', caseNumber: 2 },
			{ kind: 'findings', caseId: 'a', caseNumber: 2 },
			{ kind: 'discussion', caseId: 'a', caseNumber: 2 },
			{ kind: 'teaching', caseId: 'a', caseNumber: 2 },
			{ kind: 'closing' }
		]);
	});

	it('skips empty sections, keeps findings for images alone, and never drops a case entirely', () => {
		const imagesOnly = caseOf('x', {
			history: ' ',
			findings: '',
			discussion: '',
			teachingPoints: '',
			images: [image]
		});
		const empty = caseOf('y', { history: '', findings: '', discussion: '', teachingPoints: '' });
		const slides = buildSlides(conferenceOf({ caseIds: ['x', 'y'] }), [imagesOnly, empty]);
		expect(slides.map((s) => ('caseId' in s ? `${s.kind}:${s.caseId}` : s.kind))).toEqual([
			'title',
			'findings:x',
			'history:y',
			'closing'
		]);
	});

	it('leaves out cases not on the agenda and agenda ids with no case', () => {
		const slides = buildSlides(conferenceOf({ caseIds: ['gone', 'a'] }), [
			caseOf('a'),
			caseOf('other')
		]);
		expect(new Set(slides.flatMap((s) => ('caseId' in s ? [s.caseId] : [])))).toEqual(
			new Set(['a'])
		);
		expect(buildSlides(conferenceOf({ caseIds: [] }), [caseOf('a')])).toEqual([
			{ kind: 'title' },
			{ kind: 'closing' }
		]);
	});

	it('closes with the teaching points of every case that has some, numbered as on the agenda', () => {
		const points = closingPoints(conferenceOf({ caseIds: ['a', 'b', 'c'] }), [
			caseOf('c'),
			caseOf('b', { teachingPoints: '  ' }),
			caseOf('a', { teachingPoints: ' Check the apices. ' })
		]);
		expect(points).toEqual([
			{ caseNumber: 1, title: 'Case a', teachingPoints: 'Check the apices.' },
			{ caseNumber: 3, title: 'Case c', teachingPoints: 'Teaching point of c.' }
		]);
	});
});

describe('the anonymization gate before presenting', () => {
	const conf = conferenceOf({ caseIds: ['ok', 'draft', 'stale', 'absent'] });
	const cases = [
		caseOf('ok'),
		caseOf('draft', { gatePassedAt: null }),
		caseOf('stale', { title: 'Stale case' })
	];

	it('names every case that blocks and why', () => {
		expect(presentBlockers(conf, cases, (c) => c.id !== 'stale')).toEqual([
			{ id: 'draft', title: 'Case draft', reason: 'not-ready' },
			{ id: 'stale', title: 'Stale case', reason: 'changed' },
			{ id: 'absent', title: '', reason: 'missing' }
		]);
	});

	it('lets a fully checked agenda (or an empty one) through', () => {
		expect(presentBlockers(conferenceOf({ caseIds: ['ok'] }), cases, () => true)).toEqual([]);
		expect(presentBlockers(conferenceOf({ caseIds: [] }), cases, () => false)).toEqual([]);
	});

	it('does not ask the detector about a case never marked ready', () => {
		const asked: string[] = [];
		presentBlockers(conferenceOf({ caseIds: ['draft'] }), cases, (c) => {
			asked.push(c.id);
			return true;
		});
		expect(asked).toEqual([]);
	});
});

describe('navigation', () => {
	const run = (actions: DeckAction[], count = 5, from: DeckState = initialDeck) =>
		actions.reduce((s, a) => reduce(s, a, count), from);

	it('moves forward and back and stops at both ends', () => {
		expect(run([{ type: 'next' }, { type: 'next' }]).index).toBe(2);
		expect(run(Array(9).fill({ type: 'next' })).index).toBe(4);
		expect(run([{ type: 'prev' }]).index).toBe(0);
		expect(run([{ type: 'last' }, { type: 'prev' }]).index).toBe(3);
		expect(run([{ type: 'last' }, { type: 'first' }]).index).toBe(0);
	});

	it('jumps within bounds and ignores a jump to nowhere', () => {
		expect(run([{ type: 'goto', index: 3 }]).index).toBe(3);
		expect(run([{ type: 'goto', index: 99 }]).index).toBe(4);
		expect(run([{ type: 'goto', index: -2 }]).index).toBe(0);
		expect(
			run([
				{ type: 'goto', index: 2 },
				{ type: 'goto', index: Number.NaN }
			]).index
		).toBe(2);
	});

	it('shows the check-in slide at any time and returns to exactly where the presenter was', () => {
		const at3 = run([{ type: 'goto', index: 3 }]);
		const shown = reduce(at3, { type: 'toggle-checkin' }, 5);
		expect(shown).toMatchObject({ checkin: true, index: 3 });
		expect(reduce(shown, { type: 'toggle-checkin' }, 5)).toEqual(at3);
		expect(reduce(shown, { type: 'next' }, 5)).toEqual(at3);
		expect(reduce(shown, { type: 'prev' }, 5)).toEqual(at3);
		expect(reduce(shown, { type: 'first' }, 5)).toMatchObject({ checkin: false, index: 0 });
		expect(reduce(shown, { type: 'goto', index: 1 }, 5)).toMatchObject({
			checkin: false,
			index: 1
		});
	});

	it('toggles speaker notes without moving', () => {
		const s = run([{ type: 'next' }, { type: 'toggle-notes' }]);
		expect(s).toEqual({ index: 1, checkin: false, notes: true });
		expect(reduce(s, { type: 'toggle-notes' }, 5).notes).toBe(false);
	});

	it('survives an empty deck', () => {
		expect(run([{ type: 'next' }, { type: 'last' }], 0).index).toBe(0);
	});

	it('closes the check-in slide on Escape before leaving full screen or exiting', () => {
		expect(escapeAction({ ...initialDeck, checkin: true }, true)).toBe('close-checkin');
		expect(escapeAction(initialDeck, true)).toBe('leave-fullscreen');
		expect(escapeAction(initialDeck, false)).toBe('exit');
	});
});

describe('keys', () => {
	it('maps the presenter’s keys, clickers included', () => {
		for (const key of ['ArrowRight', ' ', 'PageDown', 'ArrowDown'])
			expect(keyAction({ key }), key).toEqual({ type: 'next' });
		for (const key of ['ArrowLeft', 'PageUp', 'ArrowUp'])
			expect(keyAction({ key }), key).toEqual({ type: 'prev' });
		expect(keyAction({ key: ' ', shiftKey: true })).toEqual({ type: 'prev' });
		expect(keyAction({ key: 'Home' })).toEqual({ type: 'first' });
		expect(keyAction({ key: 'End' })).toEqual({ type: 'last' });
		expect(keyAction({ key: 'n' })).toEqual({ type: 'toggle-notes' });
		expect(keyAction({ key: 'N', shiftKey: true })).toEqual({ type: 'toggle-notes' });
		expect(keyAction({ key: 'q' })).toEqual({ type: 'toggle-checkin' });
		expect(keyAction({ key: 'Escape' })).toBe('escape');
	});

	it('leaves other keys and browser shortcuts alone', () => {
		expect(keyAction({ key: 'a' })).toBeNull();
		expect(keyAction({ key: 'Tab' })).toBeNull();
		expect(keyAction({ key: 'ArrowRight', altKey: true })).toBeNull();
		expect(keyAction({ key: 'n', ctrlKey: true })).toBeNull();
		expect(keyAction({ key: 'q', metaKey: true })).toBeNull();
	});
});
