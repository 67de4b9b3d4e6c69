import { describe, expect, it } from 'vitest';
import {
	attendanceOf,
	caseOf,
	conferenceOf,
	texts,
	translator
} from '#lib/features/present/test-factories.ts';
import { conferenceRecordDefinition, recordFileName } from './conference-record.ts';

const HEADING = 'Privileged and confidential — for quality improvement purposes';
const people = [
	{ id: 'person-lead', name: 'Léa Lead' },
	{ id: 'person-ann', name: 'Ann Attendee' },
	{ id: 'person-zoe', name: 'Zoë Zimmer' },
	{ id: 'person-vic', name: 'Vic Virtual' },
	{ id: 'person-author', name: 'Arthur Author' }
];
const sections = [{ id: 'section-chest', name: 'Chest' }];
const conference = conferenceOf({
	caseIds: ['c2', 'c1', 'c-absent'],
	keyLearnings: 'Review the apices on every chest CT.',
	publishedAt: '2026-03-13T15:00:00.000Z'
});
const cases = [
	caseOf('c1', {
		title: 'Apical nodule',
		teachingPoints: 'Look at the apices.',
		authorId: 'person-author',
		sourceId: 'sub-secret-source',
		history: 'History never printed',
		speakerNotes: 'Notes never printed'
	}),
	caseOf('c2', { title: 'Missed rib fracture', teachingPoints: '' }),
	caseOf('c-other', { title: 'Case of another agenda' })
];
const attendance = [
	attendanceOf('person-zoe'),
	attendanceOf('person-ann', { method: 'manual', reason: 'Scanner broke', recordedById: 'x' }),
	attendanceOf('person-vic', { method: 'virtual-import' }),
	attendanceOf('person-ann', { conferenceId: 'conf-other' })
];
const en_ = { locale: 'en' as const, timeZone: 'America/Toronto' };
const generated = new Date('2026-03-20T12:00:00.000Z');

describe('conference record PDF', () => {
	const def = conferenceRecordDefinition(
		{ conference, cases, attendance, people, sections },
		translator('en'),
		en_,
		generated
	);
	const all = texts(def.content);
	const text = all.join('\n');

	it('is headed privileged and confidential on every page and at the top', () => {
		expect(def.header.text).toBe(HEADING);
		expect(all[0]).toBe(HEADING);
		expect(def.footer?.(2, 3).text).toBe('Page 2 of 3');
	});

	it('prints the conference details', () => {
		for (const s of [
			'Conference record',
			'Chest rounds — March',
			'Section conference',
			'Chest',
			'Thursday, March 12, 2026',
			'12:00',
			'In person and virtual',
			'Room B2-104',
			'https://meet.example.org/chest',
			'Léa Lead',
			'1.5',
			'Held'
		])
			expect(text).toContain(s);
	});

	it('lists this conference’s attendance by name, with the method, and the reason for manual entries', () => {
		const start = all.indexOf('Attendance (3)');
		expect(start).toBeGreaterThan(0);
		expect(all.slice(start + 1, start + 13)).toEqual([
			'Name',
			'How recorded',
			'Reason (recorded by hand)',
			'Ann Attendee',
			'By hand',
			'Scanner broke',
			'Vic Virtual',
			'Virtual (meeting report)',
			'',
			'Zoë Zimmer',
			'QR check-in',
			''
		]);
	});

	it('summarizes the agenda’s anonymized cases in order, title and teaching points only', () => {
		const first = all.indexOf('1. Missed rib fracture');
		expect(first).toBeGreaterThan(0);
		expect(all[first + 1]).toBe('No teaching points written.');
		expect(all[first + 2]).toBe('2. Apical nodule');
		expect(all[first + 3]).toBe('Look at the apices.');
		expect(text).toContain('1 case on the agenda is not on this device');
		for (const s of [
			'Case of another agenda',
			'History never printed',
			'Notes never printed',
			'person-author',
			'Arthur Author',
			'sub-secret-source'
		])
			expect(JSON.stringify(def)).not.toContain(s);
	});

	it('prints the key learnings and when they were published', () => {
		expect(text).toContain('Review the apices on every chest CT.');
		expect(text).toContain('Published to staff on March 13, 2026.');
		expect(text).toContain('Generated on March 20, 2026.');
	});

	it('says so when this device does not hold the attendance list, rather than printing none', () => {
		const partial = texts(
			conferenceRecordDefinition(
				{ conference, cases, attendance: null, people, sections },
				translator('en'),
				en_,
				generated
			).content
		).join('\n');
		expect(partial).toContain('it is not on this device');
		expect(partial).not.toContain('No attendance recorded.');
		expect(partial).not.toContain('Ann Attendee');
	});

	it('handles an empty conference', () => {
		const empty = texts(
			conferenceRecordDefinition(
				{
					conference: conferenceOf({ kind: 'iq-rounds', sectionId: '', modality: 'CT' }),
					cases: [],
					attendance: [],
					people: [],
					sections
				},
				translator('en'),
				en_,
				generated
			).content
		);
		for (const s of [
			'Image-quality rounds',
			'CT',
			'Attendance (0)',
			'No attendance recorded.',
			'No cases on the agenda.',
			'No key learnings recorded.',
			'Not published to staff yet.',
			'Unknown person'
		])
			expect(empty).toContain(s);
	});

	it('follows the reader’s language', () => {
		const fdef = conferenceRecordDefinition(
			{ conference, cases, attendance, people, sections },
			translator('fr'),
			{ locale: 'fr', timeZone: 'America/Toronto' },
			generated
		);
		const ftext = texts(fdef.content).join('\n');
		expect(fdef.header.text).toBe(
			'Privilégié et confidentiel — à des fins d’amélioration de la qualité'
		);
		for (const s of ['Compte rendu de conférence', 'jeudi 12 mars 2026', 'Présences (3)', '1,5'])
			expect(ftext).toContain(s);
	});

	it('names the file safely', () => {
		expect(recordFileName({ title: 'Chest/../rounds: été', startsAt: conference.startsAt })).toBe(
			'conference-record-2026-03-12-chest-rounds-ete.pdf'
		);
	});
});
