import { describe, expect, it } from 'vitest';
import type { Settings } from '@rounds/shared/org/settings.schema';
import { currentPolicy, policyVersions } from '@rounds/shared/reports/targets';
import {
	concurrentVersions,
	defaultPolicy,
	draftFrom,
	nextYearFrom,
	policyFromDraft,
	saveVersion
} from './policy-form.ts';

const T = '2026-02-01T10:00:00.000Z';

describe('policy form', () => {
	it('reads back what it was given, with a note, and expresses the weekly sample', () => {
		const d = draftFrom(defaultPolicy(2026));
		d.attendance.total = { minimum: '6', encouraged: '10' };
		d.attendance.department = { minimum: '2', encouraged: '4' };
		d.attendance.subspecialty = { minimum: '3', encouraged: '4' };
		d.submissionsPer = 'work-week';
		d.submissionsCount = '1';
		d.conferencesTotal = '';
		d.conferencesDepartment = '4';
		d.conferencesPerSection = '4';
		d.sectionCounts = { 'sec-er': '2', 'sec-chest': '' };
		d.midPeriodDay = '3';
		d.note = '  Department vote, January ';
		const r = policyFromDraft(d, 2026);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.data.attendance.total).toEqual({ minimum: 6, encouraged: 10 });
		expect(r.data.conferences).toEqual({
			total: null,
			department: 4,
			perSection: 4,
			sections: [{ sectionId: 'sec-er', count: 2 }]
		});
		expect(r.data.note).toBe('Department vote, January');
	});

	it('names each bad field with a translatable reason', () => {
		const d = draftFrom(defaultPolicy(2026));
		d.attendance.department = { minimum: '5', encouraged: '4' };
		d.attendance.total.minimum = '-1';
		d.submissionsCount = 'abc';
		d.conferencesPerSection = '2.5';
		d.sectionCounts = { 'sec-er': '-3' };
		d.submissionsPer = 'work-week';
		d.midPeriodDay = '15';
		const r = policyFromDraft(d, 2026);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors).toEqual({
			'attendance.department.encouraged': {
				key: 'aboveEncouraged',
				values: { minimum: '5', encouraged: '4' }
			},
			'attendance.total.minimum': { key: 'negative' },
			'submissions.count': { key: 'number' },
			'conferences.perSection': { key: 'whole' },
			'conferences.sections.sec-er': { key: 'negative' },
			'reminders.midPeriodDay': { key: 'weekday' }
		});
		expect(policyFromDraft(draftFrom(defaultPolicy(2026)), 2101)).toEqual({
			ok: false,
			errors: { year: { key: 'year' } }
		});
	});
});

describe('versions', () => {
	const first = saveVersion([], defaultPolicy(2026), 'u-dir', T);

	it('writes version 1 as policy-<year>, then new versions that supersede, keeping history', () => {
		expect(first).toHaveLength(1);
		expect(first[0]).toMatchObject({ id: 'policy-2026', active: true, data: { version: 1 } });
		const edited = { ...defaultPolicy(2026), note: 'Raised attendance' };
		edited.attendance.total.minimum = 4;
		const second = saveVersion(first, edited, 'u-dir', '2026-03-01T00:00:00.000Z', () => 'abc123');
		expect(
			second.map((d) => [d.id, d.active, (d.data as { supersededAt: unknown }).supersededAt])
		).toEqual([
			['policy-2026-v2-abc123', true, null],
			['policy-2026', false, '2026-03-01T00:00:00.000Z']
		]);
		const docs: Settings[] = [...second];
		expect(currentPolicy(docs, 2026)?.data.attendance.total.minimum).toBe(4);
		expect(policyVersions(docs, 2026).map((v) => v.data.version)).toEqual([2, 1]);
	});

	it('shows two versions saved offline at once, one in force on every device', () => {
		const a = saveVersion(first, defaultPolicy(2026), 'u-a', T, () => 'aaaaaa');
		const b = saveVersion(first, defaultPolicy(2026), 'u-b', T, () => 'bbbbbb');
		const merged = [a[0]!, b[0]!, a[1]!];
		expect(concurrentVersions(merged, 2026).map((v) => v.doc.id)).toEqual([
			'policy-2026-v2-bbbbbb',
			'policy-2026-v2-aaaaaa'
		]);
		expect(currentPolicy(merged, 2026)?.doc.id).toBe('policy-2026-v2-bbbbbb');
	});

	it('creates next year from this year, once', () => {
		const from = currentPolicy(first, 2026)!;
		const next = nextYearFrom(first, from, 'u-dir', T)!;
		expect(next).toMatchObject({
			id: 'policy-2027',
			name: 'Targets 2027',
			data: { year: 2027, version: 1, note: 'Copied from 2026' }
		});
		expect(nextYearFrom([...first, next], from, 'u-dir', T)).toBeNull();
	});
});
