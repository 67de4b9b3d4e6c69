import { describe, expect, it } from 'vitest';
import { attendanceId, conferenceSchema } from '@rounds/shared/conferences/conference.schema';
import { personFactory } from '@rounds/shared/testing/factories';
import { importedAttendance, manualAttendance, previewAttendanceCsv } from './attendance.ts';

const NOW = '2026-11-23T13:00:00.000Z';
const conf = conferenceSchema.parse({
	id: 'conf-1',
	createdAt: NOW,
	updatedAt: NOW,
	kind: 'department',
	title: 'Department rounds',
	sectionId: '',
	modality: '',
	mode: 'hybrid',
	startsAt: '2026-11-23T12:00:00.000Z',
	endsAt: '2026-11-23T13:00:00.000Z',
	location: 'Auditorium',
	meetingUrl: 'https://meet.example/x',
	facilitatorIds: ['lead'],
	cmeCredits: 1,
	seriesId: '',
	status: 'held',
	caseIds: [],
	keyLearnings: '',
	publishedAt: null
});
const ana = personFactory({ id: 'ana', email: 'ana@demo.test', name: 'Ana A' });
const ben = personFactory({ id: 'ben', email: 'ben@demo.test', name: 'Ben B' });
const admin = personFactory({ id: 'admin', roles: ['admin_support'] });
const people = [ana, ben, admin];

describe('manual attendance', () => {
	it('needs a reason and records who entered it', () => {
		expect(manualAttendance(conf, ana, '  ', admin, NOW)).toEqual({ error: 'reason' });
		const r = manualAttendance(conf, ana, 'Signed the paper sheet', admin, NOW);
		expect(r).toMatchObject({
			doc: { id: attendanceId('conf-1', 'ana'), method: 'manual', recordedById: 'admin' }
		});
	});
});

describe('attendance report import', () => {
	const zoom = [
		'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)',
		'Ana A,ANA@demo.test,11/23/2026 12:01,11/23/2026 12:40,39',
		'Ana A,ana@demo.test,11/23/2026 12:42,11/23/2026 13:00,18',
		'Ben B,ben@demo.test,11/23/2026 12:03,11/23/2026 13:00,57'
	].join('\n');

	it('matches by email, counts a rejoin once, and skips those already recorded', () => {
		const p = previewAttendanceCsv(zoom, people, new Set(['ben']));
		expect(p.problems).toEqual([]);
		expect(p.rows).toHaveLength(3);
		expect(p.toRecord.map((x) => x.id)).toEqual(['ana']);
		const docs = importedAttendance(conf, p, 'zoom.csv', admin, NOW);
		expect(docs).toHaveLength(1);
		expect(docs[0]).toMatchObject({
			method: 'virtual-import',
			userId: 'ana',
			conferenceId: 'conf-1'
		});
	});

	it('finds the participant table under a Teams summary block, semicolons too', () => {
		const teams = [
			'1. Summary',
			'Meeting title;Department rounds',
			'',
			'2. Participants',
			'Name;First Join;Last Leave;Email;Role',
			'Ben B;11/23/26, 12:03 PM;11/23/26, 1:00 PM;ben@demo.test;Attendee'
		].join('\r\n');
		const p = previewAttendanceCsv(teams, people, new Set());
		expect(p.problems).toEqual([]);
		expect(p.toRecord.map((x) => x.id)).toEqual(['ben']);
		expect(p.rows[0]!.line).toBe(6);
	});

	it('reports unknown emails with their line, guesses nothing and stores nothing', () => {
		const csv = 'Name,Email\nAna A,ana@demo.test\nGuest,guest@elsewhere.test\n';
		const p = previewAttendanceCsv(csv, people, new Set());
		expect(p.problems).toEqual([{ kind: 'unknown-email', line: 3, email: 'guest@elsewhere.test' }]);
		expect(importedAttendance(conf, p, 'x.csv', admin, NOW)).toEqual([]);
	});

	it('refuses a file without an email column, an empty file and a malformed address', () => {
		expect(previewAttendanceCsv('Name,Minutes\nAna,40', people, new Set()).problems).toEqual([
			{ kind: 'no-email-column', columns: ['Name', 'Minutes'] }
		]);
		expect(previewAttendanceCsv('  \n', people, new Set()).problems).toEqual([{ kind: 'empty' }]);
		expect(previewAttendanceCsv('Email\nnot-an-address', people, new Set()).problems).toEqual([
			{ kind: 'bad-email', line: 2, value: 'not-an-address' }
		]);
	});
});

describe('attendance ids', () => {
	it('are one per person and conference, within 64 characters', () => {
		expect(attendanceId('c', 'u')).toBe('att-c-u');
		const long = attendanceId('c'.repeat(50), 'u'.repeat(30));
		expect(long).toMatch(/^att-[0-9a-f]{16}$/);
		expect(attendanceId('c'.repeat(50), 'u'.repeat(30))).toBe(long);
		expect(attendanceId('c'.repeat(50), 'v'.repeat(30))).not.toBe(long);
	});
});
