import { describe, expect, it } from 'vitest';
import { personFactory, siteFactory } from '../testing/factories.ts';
import { caseSchema, type PresentationCase } from './conference.schema.ts';
import {
	acceptHit,
	captionField,
	caseDetector,
	checkGate,
	markReady,
	readyToPresent,
	withdrawAcceptance,
	withEdit
} from './gate.ts';

const T0 = '2026-03-02T09:00:00.000Z';
const T1 = '2026-03-03T10:00:00.000Z';
const T2 = '2026-03-04T11:00:00.000Z';
const detect = caseDetector(
	[siteFactory(), siteFactory({ kind: 'section', data: { code: 'CH', modalities: [] } })],
	[personFactory({ name: 'Priya Raghunathan' })],
	['SRC-9']
);

const PIXEL = 'data:image/jpeg;base64,/9j/4AAQ';
function aCase(over: Partial<PresentationCase> = {}): PresentationCase {
	return caseSchema.parse({
		id: 'case-1',
		createdAt: T0,
		updatedAt: T0,
		conferenceId: 'conf-1',
		authorId: 'lead-1',
		sourceKind: 'submission',
		sourceId: 'sub-1',
		title: 'CT chest — discrepancy',
		history: 'Cough for 3 weeks.',
		findings: '3 cm mass in the right upper lobe.',
		discussion: '',
		teachingPoints: 'Look at the lung apices.',
		speakerNotes: '',
		images: [],
		acceptedHits: [],
		gatePassedAt: null,
		...over
	});
}

describe('anonymization gate', () => {
	it('passes a clean case with checked images', () => {
		const c = aCase({
			images: [{ id: 'img-1', dataUrl: PIXEL, caption: 'Axial CT', burnedInChecked: true }]
		});
		expect(checkGate(c, detect)).toEqual({ passes: true, hits: [], open: [], uncheckedImages: [] });
	});

	it('blocks on hits in every text field, image captions and speaker notes', () => {
		const c = aCase({
			title: 'Case LG26001234',
			history: 'DOB 1961-04-05',
			findings: 'Read by Dr Raghunathan',
			discussion: 'call 613-555-0123',
			teachingPoints: 'mail a@example.org',
			speakerNotes: 'source SRC-9',
			images: [{ id: 'img-1', dataUrl: PIXEL, caption: 'MRN 1234567', burnedInChecked: true }]
		});
		const gate = checkGate(c, detect);
		expect(gate.passes).toBe(false);
		expect(gate.open.map((h) => [h.field, h.kind])).toEqual([
			['title', 'accession'],
			['history', 'date'],
			['findings', 'name'],
			['discussion', 'phone'],
			['teachingPoints', 'email'],
			['speakerNotes', 'accession'],
			[captionField('img-1'), 'mrn']
		]);
	});

	it('blocks on an image not checked for burned-in text', () => {
		const c = aCase({
			images: [{ id: 'img-1', dataUrl: PIXEL, caption: '', burnedInChecked: false }]
		});
		expect(checkGate(c, detect)).toMatchObject({
			passes: false,
			open: [],
			uncheckedImages: ['img-1']
		});
	});

	it('lets the lead accept a hit, recorded with who and when, matched by text', () => {
		const c = aCase({ findings: 'Grade 1961-04-05 lesion; again 1961-04-05.' });
		expect(checkGate(c, detect).open).toHaveLength(2);
		const accepted = acceptHit(c, '1961-04-05', 'lead-1', T1)!;
		expect(accepted.acceptedHits).toEqual([{ text: '1961-04-05', byId: 'lead-1', at: T1 }]);
		const gate = checkGate(accepted, detect);
		expect(gate.passes).toBe(true);
		expect(gate.hits.every((h) => h.accepted)).toBe(true);
		// The same text again is not recorded twice; the first record stands.
		expect(acceptHit(accepted, ' 1961-04-05 ', 'other', T2)).toBe(accepted);
		// Another identifier is still blocking.
		expect(checkGate({ ...accepted, history: 'LG26001234' }, detect).passes).toBe(false);
		expect(caseSchema.safeParse(accepted).success).toBe(true);
	});

	it('matches acceptances ignoring case and accents', () => {
		const c = acceptHit(aCase({ findings: 'Dr RAGHUNATHAN' }), 'dr raghunathan', 'lead-1', T1)!;
		expect(checkGate(c, detect).passes).toBe(true);
	});

	it('refuses acceptances it cannot record', () => {
		const c = aCase();
		expect(acceptHit(c, 'x'.repeat(201), 'lead-1', T1)).toBeNull();
		expect(acceptHit(c, '   ', 'lead-1', T1)).toBeNull();
		const full = aCase({
			acceptedHits: Array.from({ length: 100 }, (_, i) => ({
				text: `t${i}`,
				byId: 'lead-1',
				at: T1
			}))
		});
		expect(acceptHit(full, 'one more', 'lead-1', T1)).toBeNull();
	});

	it('withdrawing an acceptance blocks again and clears readiness', () => {
		const c = acceptHit(aCase({ findings: 'LG26001234' }), 'LG26001234', 'lead-1', T1)!;
		const ready = markReady(c, detect, T2);
		expect(ready.ok).toBe(true);
		const back = withdrawAcceptance(ready.ok ? ready.case : c, 'lg26001234');
		expect(back.gatePassedAt).toBeNull();
		expect(checkGate(back, detect).passes).toBe(false);
	});

	it('marks ready only when the gate passes, and says why not', () => {
		const blocked = markReady(aCase({ history: 'DOB 1961-04-05' }), detect, T1);
		expect(blocked.ok).toBe(false);
		if (!blocked.ok) expect(blocked.gate.open.map((h) => h.text)).toEqual(['1961-04-05']);
		const ok = markReady(aCase(), detect, T1);
		expect(ok.ok && ok.case.gatePassedAt).toBe(T1);
	});

	it('any edit after passing clears gatePassedAt; no change keeps it', () => {
		const ready = aCase({ gatePassedAt: T1 });
		expect(withEdit(ready, { history: 'Cough for 3 weeks.' }, T2)).toBe(ready);
		const edited = withEdit(ready, { history: 'Cough for 4 weeks.' }, T2);
		expect(edited).toMatchObject({
			history: 'Cough for 4 weeks.',
			gatePassedAt: null,
			updatedAt: T2
		});
		const img = { id: 'img-1', dataUrl: PIXEL, caption: '', burnedInChecked: true };
		const withImage = aCase({ images: [img], gatePassedAt: T1 });
		expect(
			withEdit(withImage, { images: [{ ...img, caption: 'Axial' }] }, T2).gatePassedAt
		).toBeNull();
	});

	it('re-checks a ready case when presenting: a new colleague’s name blocks it', () => {
		const c = aCase({ findings: 'Discussed with Dr Okonkwo.', gatePassedAt: T1 });
		expect(readyToPresent(c, detect)).toBe(true);
		const later = caseDetector([], [personFactory({ name: 'Chidi Okonkwo' })]);
		expect(readyToPresent(c, later)).toBe(false);
		expect(readyToPresent({ ...c, gatePassedAt: null }, detect)).toBe(false);
	});
});
