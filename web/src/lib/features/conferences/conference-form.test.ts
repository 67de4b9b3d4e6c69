import { describe, expect, it } from 'vitest';
import { personFactory } from '@rounds/shared/testing/factories';
import { settingsSchema } from '@rounds/shared/org/settings.schema';
import {
	emptyDraft,
	icsFile,
	newConferences,
	seriesDates,
	splitByTime,
	isCandidateFor,
	moved,
	updatedConference,
	validateDraft,
	type ConferenceDraft
} from './conference-form.ts';

const chief = personFactory({
	id: 'chief',
	roles: ['radiologist', 'section_chief'],
	chiefOfSectionIds: ['sec-chest']
});
const NOW = '2026-11-23T10:00:00.000Z';
let n = 0;
const newId = () => `t${++n}`;
const draft = (over: Partial<ConferenceDraft> = {}): ConferenceDraft => ({
	...emptyDraft(chief, '2026-12-01'),
	title: 'Chest rounds',
	location: 'Room 4B',
	...over
});

describe('scheduling a conference', () => {
	it('starts as a section conference of the chief’s section, facilitated by them', () => {
		const d = emptyDraft(chief, '2026-12-01');
		expect(d).toMatchObject({ kind: 'section', sectionId: 'sec-chest', facilitatorIds: ['chief'] });
	});

	it('names what is missing or inconsistent', () => {
		expect(
			validateDraft(draft({ title: ' ', end: '11:00', start: '12:00', location: '' }))
		).toEqual({ title: 'title', end: 'endBeforeStart', location: 'location' });
		expect(validateDraft(draft({ mode: 'virtual', meetingUrl: 'http://x' }))).toEqual({
			meetingUrl: 'meetingUrl'
		});
		expect(validateDraft(draft({ kind: 'iq-rounds', modality: '' }))).toEqual({
			modality: 'modality'
		});
		expect(validateDraft(draft({ repeat: 'weekly', occurrences: 40 }))).toEqual({
			occurrences: 'occurrences'
		});
		expect(validateDraft(draft({ facilitatorIds: [] }))).toEqual({
			facilitatorIds: 'facilitators'
		});
		expect(validateDraft(draft())).toEqual({});
	});

	it('repeats weekly, every two weeks and monthly (clamped to the month’s last day)', () => {
		expect(seriesDates('2026-12-28', 'weekly', 3)).toEqual([
			'2026-12-28',
			'2027-01-04',
			'2027-01-11'
		]);
		expect(seriesDates('2026-12-01', 'biweekly', 2)).toEqual(['2026-12-01', '2026-12-15']);
		expect(seriesDates('2027-01-31', 'monthly', 3)).toEqual([
			'2027-01-31',
			'2027-02-28',
			'2027-03-31'
		]);
		expect(seriesDates('2027-01-31', 'none', 5)).toEqual(['2027-01-31']);
	});

	it('creates one conference per date, a shared series id, and a check-in key for each', () => {
		const { conferences, keys } = newConferences(
			draft({ repeat: 'monthly', occurrences: 3 }),
			NOW,
			newId
		);
		expect(conferences).toHaveLength(3);
		expect(new Set(conferences.map((c) => c.seriesId)).size).toBe(1);
		expect(conferences[0]!.seriesId).not.toBe('');
		expect(keys.map((k) => k.data.conferenceId)).toEqual(conferences.map((c) => c.id));
		for (const k of keys) {
			expect(settingsSchema.safeParse(k).success).toBe(true);
			expect(k.data.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
			expect(k.data.facilitatorIds).toEqual(['chief']);
		}
		expect(new Set(keys.map((k) => k.data.secret)).size).toBe(3);
		expect(Date.parse(conferences[0]!.endsAt) - Date.parse(conferences[0]!.startsAt)).toBe(
			3_600_000
		);
	});

	it('keeps the agenda and learnings when details change', () => {
		const [c] = newConferences(draft(), NOW, newId).conferences;
		const withAgenda = { ...c!, caseIds: ['case-1'], keyLearnings: 'Compare with priors.' };
		const moved = updatedConference(withAgenda, draft({ title: 'Chest rounds (moved)' }), NOW);
		expect(moved).toMatchObject({ title: 'Chest rounds (moved)', caseIds: ['case-1'] });
		expect(moved.keyLearnings).toBe('Compare with priors.');
	});

	it('lists upcoming soonest first and past most recent first; cancelled ones are past', () => {
		const { conferences } = newConferences(draft({ repeat: 'weekly', occurrences: 3 }), NOW, newId);
		const [a, b, c] = conferences;
		const { upcoming, past } = splitByTime(
			[c!, a!, { ...b!, status: 'cancelled' }],
			new Date('2026-11-30T00:00:00Z')
		);
		expect(upcoming.map((x) => x.id)).toEqual([a!.id, c!.id]);
		expect(past.map((x) => x.id)).toEqual([b!.id]);
	});

	it('writes a calendar file with every occurrence', () => {
		const { conferences } = newConferences(
			draft({
				repeat: 'weekly',
				occurrences: 2,
				mode: 'hybrid',
				meetingUrl: 'https://meet.example/x'
			}),
			NOW,
			newId
		);
		const ics = icsFile(conferences, () => 'Chest');
		expect(ics).toContain('BEGIN:VCALENDAR');
		expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
		expect(ics).toContain('SUMMARY:Chest rounds');
		expect(ics).toContain(`UID:${conferences[0]!.id}@rounds`);
		expect(ics.replace(/\r\n /g, '')).toContain('Join: https://meet.example/x');
	});
});

describe('agenda', () => {
	it('moves a case up or down, and never out of the list', () => {
		expect(moved(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
		expect(moved(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'c', 'b']);
		expect(moved(['a', 'b'], 'a', -1)).toEqual(['a', 'b']);
		expect(moved(['a', 'b'], 'x', 1)).toEqual(['a', 'b']);
	});

	it('offers flagged submissions of the conference’s section, or department-flagged ones', () => {
		const [section] = newConferences(draft(), NOW, newId).conferences;
		const dept = { ...section!, kind: 'department' as const, sectionId: '' };
		const flagged = (flag: string, sectionId = 'sec-chest', status = 'submitted') => ({
			status,
			sectionId,
			triage: { conferenceFlag: flag }
		});
		expect(isCandidateFor(section!, flagged('section'))).toBe(true);
		expect(isCandidateFor(section!, flagged('section', 'sec-neuro'))).toBe(false);
		expect(isCandidateFor(section!, flagged('department'))).toBe(false);
		expect(isCandidateFor(dept, flagged('department', 'sec-neuro'))).toBe(true);
		expect(isCandidateFor(dept, flagged('none'))).toBe(false);
		expect(isCandidateFor(section!, flagged('section', 'sec-chest', 'draft'))).toBe(false);
	});
});
